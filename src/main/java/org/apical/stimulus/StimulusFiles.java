package org.apical.stimulus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apical.config.ConfigNode;
import org.apical.config.Problems;
import org.apical.config.RigConfig;
import org.apical.config.ScreenSection;
import org.apical.config.StimulusConfig;

/** Loads a stimulus file (and, when given, the rig file's screen) for commands that need only these two. */
public final class StimulusFiles {
    private StimulusFiles() {}

    public record Loaded(StimulusConfig stimulus, ScreenSection screen, String screenSource) {}

    /** Every problem in both files is reported at once, each with its file and field. */
    public static Loaded load(Path stimulus, Path rig) {
        Problems p = new Problems();
        StimulusConfig s = StimulusConfig.read(ConfigNode.load(stimulus, p), text(stimulus));
        ScreenSection screen = ScreenSection.defaults();
        String source = "default screen (1920x1080 px, 52 cm wide, 20 cm away, linear gamma)";
        if (rig != null) {
            RigConfig r = RigConfig.read(ConfigNode.load(rig, p), text(rig));
            screen = r.screen();
            source = rig + ": screen";
        }
        p.throwIfAny();
        return new Loaded(s, screen, source);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
