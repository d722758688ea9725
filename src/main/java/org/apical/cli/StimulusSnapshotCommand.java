package org.apical.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.stimulus.GratingRenderer;
import org.apical.stimulus.Png;
import org.apical.stimulus.StimulusFiles;
import org.apical.core.Display;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.core.UserException;

/**
 * {@code apical stimulus snapshot}: one frame of the grating, rendered by the same renderer the stimulus window
 * uses, written as a PNG. Needs no display and no JavaFX toolkit: the renderer draws into a plain pixel buffer.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Render one frame of the grating to a PNG (headless; the same pixels the window shows).")
public final class StimulusSnapshotCommand implements Callable<Integer> {
    @Option(names = "--stimulus", required = true, paramLabel = "FILE", description = "stimuli/NAME.yaml")
    Path stimulus;

    @Option(names = "--rig", paramLabel = "FILE",
            description = "rigs/NAME.yaml for the screen's geometry and gamma (default: a 1920x1080 screen, 52 cm wide, 20 cm away, linear)")
    Path rig;

    @Option(names = "--angle", required = true, paramLabel = "DEG",
            description = "orientation in degrees: 0 = vertical bars, clockwise positive; 180 wraps to 0")
    double angle;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "where to write the PNG")
    Path out;

    @Option(names = "--width", paramLabel = "PX", description = "image width (default: the screen's width_px); the visual field is scaled to fit")
    Integer width;

    @Option(names = "--height", paramLabel = "PX", description = "image height (default: the screen's height_px, scaled with --width)")
    Integer height;

    @Option(names = "--time", paramLabel = "S", defaultValue = "0",
            description = "drift clock in seconds (the grating's phase moves temporal_frequency_hz · time cycles)")
    double time;

    @Option(names = "--display", paramLabel = "WHAT", defaultValue = "grating",
            description = "grating, grey or black (default grating)")
    String display;

    @Option(names = "--json", description = "print a JSON summary as the last line")
    boolean json;

    @Override public Integer call() throws IOException {
        StimulusFiles.Loaded defs = StimulusFiles.load(stimulus, rig);
        var screen = defs.screen();
        int w = width != null ? width : screen.widthPx();
        int h = height != null ? height
                : width != null ? (int) Math.max(1, Math.round((double) w * screen.heightPx() / screen.widthPx()))
                : screen.heightPx();
        if (w < 16 || h < 16 || w > 16384 || h > 16384) {
            throw new UserException("--width/--height: " + w + "x" + h + " is outside 16..16384 px per side");
        }
        if ((long) w * h > 100_000_000L) {
            throw new UserException("--width/--height: " + w + "x" + h + " is more than 100 megapixels");
        }
        if (!Double.isFinite(angle)) throw new UserException("--angle: must be a finite number of degrees");
        Display what = switch (display) {
            case "grating" -> Display.GRATING;
            case "grey", "gray" -> Display.GREY;
            case "black" -> Display.BLACK;
            default -> throw new UserException("--display: must be grating, grey or black, found '" + display + "'");
        };
        GratingRenderer r = new GratingRenderer(defs.stimulus(), screen, w, h);
        long t0 = System.nanoTime();
        r.draw(what, angle, time, 0);
        double renderMs = (System.nanoTime() - t0) / 1e6;
        try {
            Png.write(r.pixels(), w, h, out);
        } catch (IOException e) {
            throw new UserException(out + ": cannot write the PNG: " + e.getMessage(), e);
        }
        var g = defs.stimulus().grating();
        System.out.printf("wrote %s: %dx%d px, %s at %.2f° (orientation %.2f°), %.4f cycles/° = one period every %.1f px,"
                        + " %s aperture %.1f°, drive %d..%d (grey %d), screen: %s%n",
                out, w, h, display, angle, GratingRenderer.wrap(angle), g.spatialFrequencyCpd(), r.periodPixels(),
                g.aperture(), g.sizeDeg(), r.minDrive(), r.maxDrive(), r.greyDrive(), defs.screenSource());
        if (json) {
            Map<String, Object> m = Json.object();
            m.put("file", out.toString());
            m.put("width", w);
            m.put("height", h);
            m.put("display", display);
            m.put("angle", angle);
            m.put("orientation", GratingRenderer.wrap(angle));
            m.put("spatial_frequency_cpd", g.spatialFrequencyCpd());
            m.put("pixels_per_degree", Json.number(r.pixelsPerDegree()));
            m.put("period_px", Json.number(r.periodPixels()));
            m.put("contrast", g.contrast());
            m.put("mean_luminance", g.meanLuminance());
            m.put("min_drive", r.minDrive());
            m.put("max_drive", r.maxDrive());
            m.put("grey_drive", r.greyDrive());
            m.put("photodiode", r.photodiodePatch() != null);
            m.put("render_ms", Json.number(renderMs));
            System.out.println(Json.line(m));
        }
        return 0;
    }
}
