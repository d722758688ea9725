package org.apical.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.core.UserException;
import org.apical.config.RewardOutputSpec;
import org.apical.config.RigConfig;
import org.apical.config.ValveCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.reward.CalibrationFit;
import org.apical.reward.RewardDispatcher;
import org.apical.reward.RigCalibrationWriter;
import org.apical.reward.RigFiles;
import org.apical.reward.SerialValveOutput;
import org.apical.reward.ValvePulses;
import org.apical.core.LatencyHistogram;

/**
 * {@code apical reward calibrate}: N pulses at each chosen open time so the lab can weigh the water, then (with
 * {@code --write-volumes}) the fitted µl-per-ms calibration is stored in the rig file.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate a valve in two steps.",
                "1. Pulse: --pulses N --open-ms A,B,C gives N pulses at each open time (one tube per open time; "
                        + "the command waits for Enter before each set when run at a terminal).",
                "2. Store: the same command with --write-volumes VA,VB,VC (total weighed µl per open time, "
                        + "1 mg of water = 1 µl) fits µl per ms and the valve's dead time and writes them to "
                        + "reward.calibration in the rig file (the old file is kept as .bak)."})
public final class RewardCalibrateCommand implements Callable<Integer> {
    @Option(names = "--rig", required = true, paramLabel = "FILE", description = "The rig file (rigs/NAME.yaml).")
    Path rig;

    @Option(names = "--output", paramLabel = "NAME", description = "The serial output (default: the first).")
    String output;

    @Option(names = "--pulses", defaultValue = "100", paramLabel = "N", description = "Pulses per open time (default 100).")
    int pulses;

    @Option(names = "--open-ms", required = true, split = ",", paramLabel = "MS",
            description = "Open times to calibrate, e.g. 20,40,80 (each within max_valve_open_ms).")
    int[] openMs;

    @Option(names = "--interval-ms", defaultValue = "500", paramLabel = "MS",
            description = "Time from one pulse to the next (default 500; at least the open time + 50).")
    int intervalMs;

    @Option(names = "--write-volumes", split = ",", paramLabel = "UL",
            description = "Total weighed µl for each open time, in the order of --open-ms: fit and store, no pulses.")
    double[] volumes;

    @Option(names = "--measured", paramLabel = "TEXT",
            description = "Note kept with the calibration (default: today's date and the pulse plan).")
    String measured;

    @Option(names = "--no-wait", description = "Do not wait for Enter before each set.")
    boolean noWait;

    @Option(names = "--json", description = "One JSON object on the last line.") boolean json;

    @Override public Integer call() throws Exception {
        RigConfig r = RigFiles.load(rig);
        RewardOutputSpec.Serial spec = RigFiles.serialOutputs(r, output).getFirst();
        if (pulses < 1 || pulses > 10_000) throw new UserException("--pulses must be between 1 and 10000, found " + pulses);
        for (int ms : openMs) {
            if (ms < 1 || ms > r.reward().maxValveOpenMs()) {
                throw new UserException("--open-ms " + ms + ": must be between 1 and reward.max_valve_open_ms ("
                        + r.reward().maxValveOpenMs() + " in " + r.file() + ")");
            }
        }
        return volumes != null ? store(r, spec) : pulse(r, spec);
    }

    private int store(RigConfig r, RewardOutputSpec.Serial spec) {
        if (volumes.length != openMs.length) {
            throw new UserException("--write-volumes has " + volumes.length + " values but --open-ms has "
                    + openMs.length + "; give one total per open time, in the same order");
        }
        for (double v : volumes) if (!(v > 0)) throw new UserException("--write-volumes: every total must be > 0 µl");
        double[] t = new double[openMs.length];
        for (int i = 0; i < t.length; i++) t[i] = openMs[i];
        CalibrationFit fit;
        try {
            fit = CalibrationFit.of(t, pulses, volumes);
        } catch (IllegalArgumentException e) {
            throw new UserException("--write-volumes: " + e.getMessage());
        }
        String note = measured != null ? measured
                : LocalDate.now() + ", " + pulses + " pulses at " + join(openMs) + " ms";
        ValveCalibration cal = new ValveCalibration(spec.valve(), fit.ulPerMs(), fit.deadMs(), note);
        RigCalibrationWriter.write(rig, cal);
        double volumeMs = cal.openMs(r.reward().volumeUl());
        if (!json) {
            System.out.printf("valve %d: %.5f µl/ms, dead time %.2f ms (written to %s, reward.calibration)%n",
                    spec.valve(), fit.ulPerMs(), fit.deadMs(), r.file());
            for (CalibrationFit.Point p : fit.points()) {
                System.out.printf("  %4.0f ms: %.3f µl per pulse measured, %.3f µl fitted%n", p.openMs(),
                        p.perPulseUl(), p.fittedUl());
            }
            System.out.printf("reward.volume_ul %.2f µl → %.1f ms open%s%n", r.reward().volumeUl(), volumeMs,
                    volumeMs > r.reward().maxValveOpenMs() ? " — ABOVE max_valve_open_ms, rewards will be clamped" : "");
        } else {
            Map<String, Object> out = Json.object();
            out.put("rig", r.file());
            out.put("valve", spec.valve());
            out.put("ul_per_ms", fit.ulPerMs());
            out.put("dead_ms", fit.deadMs());
            List<Map<String, Object>> pts = new ArrayList<>();
            for (CalibrationFit.Point p : fit.points()) {
                Map<String, Object> m = Json.object();
                m.put("open_ms", p.openMs());
                m.put("pulses", p.pulses());
                m.put("total_ul", p.totalUl());
                m.put("per_pulse_ul", p.perPulseUl());
                m.put("fitted_ul", p.fittedUl());
                pts.add(m);
            }
            out.put("points", pts);
            out.put("volume_ul", r.reward().volumeUl());
            out.put("volume_open_ms", volumeMs);
            out.put("written", true);
            System.out.println(Json.line(out));
        }
        return 0;
    }

    private int pulse(RigConfig r, RewardOutputSpec.Serial spec) throws Exception {
        for (int ms : openMs) {
            if (intervalMs < ms + 50) {
                throw new UserException("--interval-ms " + intervalMs + " is too short for " + ms
                        + " ms pulses (at least " + (ms + 50) + ")");
            }
        }
        boolean interactive = !noWait && !json && System.console() != null;
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<Map<String, Object>> sets = new ArrayList<>();
        boolean allOk = true;
        try (SerialValveOutput valve = ValvePulses.open(r, spec, false)) {
            for (int ms : openMs) {
                if (interactive) {
                    System.out.printf("Put an empty, weighed tube under valve %d for the %d ms pulses, then press Enter: ",
                            spec.valve(), ms);
                    System.out.flush();
                    stdin.readLine();
                }
                int ok = 0;
                LatencyHistogram acks = new LatencyHistogram();
                String lastError = null;
                for (int k = 1; k <= pulses; k++) {
                    long start = System.nanoTime();
                    ValvePulses.Outcome o = ValvePulses.pulse(valve, ms);
                    if (o.delivered()) {
                        ok++;
                        if (!Double.isNaN(o.ackUs())) acks.record((long) (o.ackUs() * 1e3));
                    } else {
                        lastError = o.error();
                    }
                    if (!json && (k % 10 == 0 || k == pulses)) {
                        System.out.printf("\r  %d ms: %d/%d pulses acknowledged", ms, ok, k);
                        System.out.flush();
                    }
                    long next = start + intervalMs * 1_000_000L;
                    long wait = next - System.nanoTime();
                    if (wait > 0 && k < pulses) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (!json) System.out.println(lastError == null ? "" : "  (last error: " + lastError + ")");
                allOk &= ok == pulses;
                Map<String, Object> m = Json.object();
                m.put("open_ms", ms);
                m.put("pulses", pulses);
                m.put("acknowledged", ok);
                m.put("ack_p50_us", Json.number(RewardDispatcher.us(acks, 0.50)));
                m.put("error", lastError);
                sets.add(m);
            }
        }
        String next = "apical reward calibrate --rig " + rig + (output == null ? "" : " --output '" + output + "'")
                + " --pulses " + pulses + " --open-ms " + join(openMs) + " --write-volumes "
                + String.join(",", java.util.Collections.nCopies(openMs.length, "TOTAL_UL"));
        if (!json) {
            if (!allOk) System.out.println("Some pulses were not acknowledged: the weighed totals would be wrong; repeat.");
            System.out.println("Weigh each tube (1 mg of water = 1 µl), then store the calibration with:");
            System.out.println("  " + next);
        } else {
            Map<String, Object> out = Json.object();
            out.put("rig", r.file());
            out.put("output", spec.name());
            out.put("valve", spec.valve());
            out.put("ok", allOk);
            out.put("sets", sets);
            out.put("next", next);
            System.out.println(Json.line(out));
        }
        return allOk ? 0 : 1;
    }

    private static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(v[i]);
        return b.toString();
    }
}
