package org.apical.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reward delivery and the animal's safety limits. The limits are enforced by Apical whatever the device does.
 * Each output is one mapping with a {@code type}; see {@link RewardOutputSpec}. Rewards are configured in µl;
 * {@code calibration} (per valve, from {@code apical reward calibrate}) turns µl into a valve-open time, which is
 * then clamped by {@code max_valve_open_ms}.
 */
public record RewardSection(double volumeUl, Duration minInterval, int maxPerSession, double maxValveOpenMs,
                            Duration stallTimeout, List<RewardOutputSpec> outputs,
                            List<ValveCalibration> calibration) {

    /** Without calibrations (kept for callers written before calibrations existed). */
    public RewardSection(double volumeUl, Duration minInterval, int maxPerSession, double maxValveOpenMs,
                         Duration stallTimeout, List<RewardOutputSpec> outputs) {
        this(volumeUl, minInterval, maxPerSession, maxValveOpenMs, stallTimeout, outputs, List.of());
    }

    /** The calibration of {@code valve}, or null when the valve has never been calibrated. */
    public ValveCalibration calibrationOf(int valve) {
        for (ValveCalibration c : calibration) if (c.valve() == valve) return c;
        return null;
    }

    static RewardSection read(ConfigNode n) {
        double volume = n.number("volume_ul", 4, 0, 100);
        Duration minInterval = Duration.read(n, "min_interval", Duration.seconds(1));
        int max = n.integer("max_per_session", 500, 0, 100_000);
        double maxOpen = n.number("max_valve_open_ms", 250, 1, 5_000);
        Duration stall = Duration.read(n, "stall_timeout", Duration.seconds(1));
        if (stall.inFrames() ? stall.value() < 1 : stall.value() < 0.001) {
            n.problem("stall_timeout", "must be at least 1 frame or 1 ms, found '" + stall + "': the watchdog closes"
                    + " the valves when decisions stall this long");
            stall = Duration.seconds(1);
        }
        List<RewardOutputSpec> outputs = new ArrayList<>();
        for (ConfigNode o : n.children("outputs")) outputs.add(RewardOutputSpec.read(o));
        if (!n.has("outputs")) outputs.add(new RewardOutputSpec.Simulated());
        List<ValveCalibration> calibration = new ArrayList<>();
        Set<Integer> valves = new HashSet<>();
        for (ConfigNode c : n.children("calibration")) {
            ValveCalibration vc = ValveCalibration.read(c);
            if (!valves.add(vc.valve())) {
                n.problem("calibration", "valve " + vc.valve() + " is calibrated twice; keep one entry per valve");
            }
            calibration.add(vc);
        }
        checkOutputs(n, outputs, calibration, volume, maxOpen);
        n.finish();
        return new RewardSection(volume, minInterval, max, maxOpen, stall, List.copyOf(outputs),
                List.copyOf(calibration));
    }

    private static void checkOutputs(ConfigNode n, List<RewardOutputSpec> outputs, List<ValveCalibration> cals,
                                     double volume, double maxOpen) {
        Set<String> names = new HashSet<>();
        Set<String> ports = new HashSet<>();
        Set<Integer> checkedValves = new HashSet<>();
        for (int i = 0; i < outputs.size(); i++) {
            RewardOutputSpec o = outputs.get(i);
            if (!names.add(o.name())) {
                n.problem("outputs[" + i + "].name", "'" + o.name() + "' names two outputs; give each its own name");
            }
            if (o instanceof RewardOutputSpec.Serial s) {
                if (!ports.add(s.port())) {
                    n.problem("outputs[" + i + "].port", s.port() + " is used by two outputs; one controller drives "
                            + "one port (give each valve its own controller or its own port)");
                }
                if (!checkedValves.add(s.valve())) continue;
                for (ValveCalibration c : cals) {
                    if (c.valve() == s.valve() && c.openMs(volume) > maxOpen) {
                        n.problem("volume_ul", fmt(volume) + " µl needs " + Math.round(c.openMs(volume)) + " ms on valve "
                                + c.valve() + " (" + c.ulPerMs() + " µl/ms), more than max_valve_open_ms "
                                + fmt(maxOpen));
                        break;
                    }
                }
            }
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
