package org.apical.reward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.core.UserException;
import org.apical.config.ConfigNode;
import org.apical.config.Problems;
import org.apical.config.RewardOutputSpec;
import org.apical.config.RigConfig;

/** Loading a rig file on its own (the reward commands need no decoder or stimulus). */
public final class RigFiles {
    private RigFiles() {}

    public static RigConfig load(Path file) {
        Problems p = new Problems();
        ConfigNode root = ConfigNode.load(file, p);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UserException(file + ": cannot read: " + e.getMessage());
        }
        RigConfig rig = RigConfig.read(root, text);
        p.throwIfAny();
        return rig;
    }

    /** The serial outputs to act on: the one named, or all of them; never none. */
    public static List<RewardOutputSpec.Serial> serialOutputs(RigConfig rig, String only) {
        List<RewardOutputSpec.Serial> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RewardOutputSpec o : rig.reward().outputs()) {
            names.add(o.name());
            if (o instanceof RewardOutputSpec.Serial s && (only == null || only.equals(s.name()))) out.add(s);
        }
        if (out.isEmpty()) {
            throw new UserException(rig.file() + ": reward.outputs: " + (only == null
                    ? "no serial valve output (type: serial) to drive; outputs here: " + String.join(", ", names)
                    : "no serial output named '" + only + "'; outputs here: " + String.join(", ", names)));
        }
        return out;
    }
}
