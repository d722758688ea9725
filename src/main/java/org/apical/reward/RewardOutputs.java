package org.apical.reward;

import org.apical.lsl.LslConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apical.config.ConfigException;
import org.apical.config.RewardOutputSpec;
import org.apical.config.RewardSection;
import org.apical.config.ValveCalibration;

/** Builds the outputs a rig file names ({@code reward.outputs}), ready to deliver. */
public final class RewardOutputs {
    private RewardOutputs() {}

    /**
     * Opens every output of {@code reward} in order. Serial valves are opened and greeted now, so a missing or
     * silent controller, or a valve without calibration, stops the session before it starts. If one output fails,
     * those already opened are closed again.
     *
     * @param rigFile the rig file's name, for error messages
     * @param lsl     the LSL configuration for marker outputs (the session's: the rig's scope)
     * @throws ConfigException naming the rig file, the field and what is wrong
     */
    public static List<RewardOutput> open(RewardSection reward, String rigFile, LslConfig lsl) {
        List<RewardOutput> opened = new ArrayList<>();
        try {
            for (int i = 0; i < reward.outputs().size(); i++) {
                RewardOutputSpec spec = reward.outputs().get(i);
                opened.add(switch (spec) {
                    case RewardOutputSpec.Simulated s -> new SimulatedRewardOutput();
                    case RewardOutputSpec.Serial s -> openSerial(reward, s, rigFile, i);
                    case RewardOutputSpec.LslMarker m -> openMarker(m, rigFile, i, lsl);
                });
            }
        } catch (RuntimeException e) {
            for (RewardOutput o : opened) o.close();
            throw e;
        }
        return List.copyOf(opened);
    }

    private static LslMarkerRewardOutput openMarker(RewardOutputSpec.LslMarker m, String rigFile, int index,
                                                    LslConfig lsl) {
        try {
            return new LslMarkerRewardOutput(m.name(), m.streamName(), m.sourceId(), lsl);
        } catch (IOException e) {
            throw new ConfigException(rigFile + ": reward.outputs[" + index + "]: cannot open the LSL marker stream '"
                    + m.streamName() + "': " + e.getMessage());
        }
    }

    private static SerialValveOutput openSerial(RewardSection reward, RewardOutputSpec.Serial s, String rigFile,
                                                int index) {
        ValveCalibration c = reward.calibrationOf(s.valve());
        if (c == null) {
            throw new ConfigException(rigFile + ": reward.calibration: valve " + s.valve() + " (output '" + s.name()
                    + "') has no calibration, and rewards are set in µl; run `apical reward calibrate --rig "
                    + rigFile + "` and store the result (docs/reward.md)");
        }
        try {
            return SerialValveOutput.open(s, c, reward.maxValveOpenMs());
        } catch (IOException e) {
            throw new ConfigException(rigFile + ": reward.outputs[" + index + "].port: " + e.getMessage());
        }
    }
}
