package org.apical.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.StimulusConfig;
import org.apical.pilot.OpenLoop;
import org.apical.pilot.PilotRecording;
import org.apical.pilot.PilotRun;
import org.apical.pilot.Progress;
import org.apical.pilot.Sweep;
import org.apical.pilot.SweepAxis;
import org.apical.pilot.SweepRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code apical bench pilot}: a synthetic one-hour, 1,000-ROI, 30 Hz session; the open-loop pilot of one decoder on
 * it, a 1,000-setting open-loop sweep on all cores, and the same sweep on one thread for the speed-up.
 */
@Command(name = "pilot", mixinStandardHelpOptions = true,
        description = "Open-loop pilot of one decoder on a synthetic one-hour 1,000-ROI session, and a 1,000-setting sweep.")
public final class BenchPilotCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "60", description = "Session length (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--rois", defaultValue = "1000", description = "Channels (default: ${DEFAULT-VALUE}).")
    int rois;

    @Option(names = "--settings", defaultValue = "10", description = "Values per swept field; three fields make"
            + " N³ settings (default: ${DEFAULT-VALUE}, 1,000 settings).")
    int perAxis;

    @Option(names = "--threads", description = "Threads of the sweep (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    @Override public Integer call() throws Exception {
        PrintStream out = System.out;
        int frames = (int) Math.round(minutes * 60 * 30);
        int cores = threads == null ? Runtime.getRuntime().availableProcessors() : PilotCommand.positive(threads, "--threads");
        Path dir = Files.createTempDirectory("apical-bench-pilot");
        Path file = dir.resolve("session.xdf");
        try {
            BenchReplayCommand.writeSynthetic(file, frames, rois);
            long t0 = System.nanoTime();
            PilotRecording rec = PilotRecording.read(file, null, Definitions.loadRig(UserFiles.resolve("rigs/sim.yaml")));
            double readS = seconds(t0);
            DecoderConfig d = Definitions.loadDecoder(UserFiles.resolve("decoders/default.yaml"));
            StimulusConfig s = Definitions.loadStimulus(UserFiles.resolve("stimuli/grating.yaml"));
            var defs = OpenLoop.definitions(rec, d, null, s);
            long t1 = System.nanoTime();
            PilotRun.Result first = PilotRun.openLoop(rec, defs, "default");
            double coldS = seconds(t1);
            long t2 = System.nanoTime();
            PilotRun.openLoop(rec, defs, "default");
            double warmS = seconds(t2);
            out.printf(Locale.ROOT, "synthetic session: %d frames × %d ROIs (%.0f min at 30 Hz), %.0f MB; read into"
                    + " memory %.2f s%n", frames, rois, minutes, Files.size(file) / 1e6, readS);
            out.printf(Locale.ROOT, "open loop, one decoder: %.3f s including its channels' dF/F (%.0f× real time),"
                    + " %.3f s with the dF/F already computed; %d trials%n", coldS, frames / 30.0 / coldS, warmS,
                    first.figures().trials());

            Sweep sweep = Sweep.of(d, List.of(axis("mapping.gain", 0.5, 0.15), axis("smoothing_frames", 1, 1),
                    axis("calibration.chance", 0.1, 0.08)));
            int n = sweep.points().size();
            // warm-up (compiled code, not the first calls' interpretation, is what a long sweep runs on)
            SweepRuns.openLoop(Sweep.of(d, List.of(axis("mapping.gain", 0.5, 0.15))), List.of(rec), null, s, List.of(),
                    cores, Progress.none());
            // the process's CPU time beside the wall time: on a machine other work keeps busy, the cores a sweep
            // really had (CPU / wall) say whether a poor speed-up was the sweep's or the machine's
            long t3 = System.nanoTime(), c3 = cpu();
            SweepRuns.openLoop(sweep, List.of(rec), null, s, List.of(), cores, Progress.on(System.err, "sweep", n));
            double sweepS = seconds(t3), sweepCpu = (cpu() - c3) / 1e9;
            long t4 = System.nanoTime(), c4 = cpu();
            SweepRuns.openLoop(sweep, List.of(rec), null, s, List.of(), 1, Progress.on(System.err, "sweep, 1 thread", n));
            double oneS = seconds(t4), oneCpu = (cpu() - c4) / 1e9;
            out.printf(Locale.ROOT, "open-loop sweep of %d settings: %.2f s on %d threads (%.1f ms per setting, %.2f"
                    + " cores busy), %.2f s on 1 thread (%.2f cores busy): speed-up %.2f×; CPU %.1f ms per setting%n",
                    n, sweepS, cores, sweepS * 1000 / n, sweepCpu / sweepS, oneS, oneCpu / oneS, oneS / sweepS,
                    sweepCpu * 1000 / n);
            if (json) {
                Map<String, Object> m = Json.object();
                m.put("frames", frames);
                m.put("rois", rois);
                m.put("read_s", round(readS));
                m.put("open_loop_s", round(coldS));
                m.put("open_loop_warm_s", round(warmS));
                m.put("sweep_settings", n);
                m.put("sweep_threads", cores);
                m.put("sweep_s", round(sweepS));
                m.put("sweep_1_thread_s", round(oneS));
                m.put("speedup", round(oneS / sweepS));
                m.put("sweep_cpu_s", round(sweepCpu));
                m.put("sweep_1_thread_cpu_s", round(oneCpu));
                out.println(Json.line(m));
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        return 0;
    }

    private SweepAxis axis(String field, double from, double step) {
        return SweepAxis.parse(String.format(Locale.ROOT, "%s=%s:%s:%s", field, from, from + step * (perAxis - 1) + step / 2,
                step));
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long t0) { return (System.nanoTime() - t0) / 1e9; }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
