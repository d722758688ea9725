package org.apical.reward;

import java.io.IOException;
import org.apical.core.UserException;
import org.apical.config.ConfigException;
import org.apical.config.RewardOutputSpec;
import org.apical.config.RigConfig;
import org.apical.config.ValveCalibration;
import org.apical.core.LatencyHistogram;

/** What the reward commands share: opening one configured valve, and one pulse waited out to its end. */
public final class ValvePulses {
    private ValvePulses() {}

    public static SerialValveOutput open(RigConfig rig, RewardOutputSpec.Serial spec, boolean needCalibration) {
        ValveCalibration cal = rig.reward().calibrationOf(spec.valve());
        if (cal == null && needCalibration) {
            throw new ConfigException(rig.file() + ": reward.calibration: valve " + spec.valve() + " (output '"
                    + spec.name() + "') has no calibration, so µl cannot be turned into an open time; give --open-ms, "
                    + "or calibrate first (apical reward calibrate --rig " + rig.file() + ")");
        }
        try {
            return SerialValveOutput.open(spec, cal, rig.reward().maxValveOpenMs());
        } catch (IOException e) {
            int index = rig.reward().outputs().indexOf(spec);
            throw new UserException(rig.file() + ": reward.outputs[" + index + "].port: " + e.getMessage());
        }
    }

    /** One pulse's outcome; latencies in µs (NaN when not acknowledged). */
    public record Outcome(boolean delivered, double writtenUs, double ackUs, String error) {}

    /** Pulses once and waits for the outcome and for the pulse to end (closing the output early would cut it). */
    public static Outcome pulse(SerialValveOutput valve, int openMs) throws InterruptedException {
        long before = valve.settled();
        long delivered = valve.delivered();
        long written = valve.decisionToWritten().count();
        long acked = valve.decisionToAck().count();
        String errorBefore = valve.lastError();
        valve.pulse(openMs, System.nanoTime());
        RewardOutputSpec.Serial s = valve.spec();
        long end = System.nanoTime() + (long) ((s.ackTimeoutMs() * 5 + s.connectTimeoutMs() + 1_000) * 1e6);
        while (valve.settled() == before && System.nanoTime() < end) Thread.sleep(1);
        boolean ok = valve.delivered() > delivered;
        if (ok) Thread.sleep(openMs + 20L);
        double w = valve.decisionToWritten().count() > written ? last(valve.decisionToWritten()) : Double.NaN;
        double a = valve.decisionToAck().count() > acked ? last(valve.decisionToAck()) : Double.NaN;
        String error = valve.lastError();
        return new Outcome(ok, w, a, error != null && !error.equals(errorBefore) ? error
                : (ok || valve.settled() != before ? null : "no outcome in time"));
    }

    private static double last(LatencyHistogram h) { return h.last() / 1e3; }
}
