package org.apical.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.Definitions;
import org.apical.config.PipelineSection;
import org.apical.core.LatencyHistogram;
import org.apical.session.Session;
import org.apical.pipeline.SyntheticSource;
import org.apical.pipeline.WaitStrategies;
import org.apical.reward.SimulatedRewardOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.core.UserException;

/**
 * {@code apical bench pipeline}: frames of many ROIs through normalise → decode → task (with the monitor consuming
 * beside it): unpaced throughput, then arrival → reward-decision latency paced at 30 Hz and 1 kHz.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Benchmark the hot path: throughput unpaced, latency paced at 30 Hz and 1 kHz.")
public final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--rois", defaultValue = "1000", description = "Channels per frame (default: ${DEFAULT-VALUE}).")
    int rois;

    @Option(names = "--frames", defaultValue = "2000000",
            description = "Frames for the unpaced run (default: ${DEFAULT-VALUE}).")
    long frames;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Seconds of each paced run (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--wait", defaultValue = "yielding",
            description = "Wait strategy: yielding, busy-spin, blocking, sleeping, or all (default: ${DEFAULT-VALUE}).")
    String wait;

    @Option(names = "--decoder", defaultValue = "decoders/default.yaml", description = "Decoder file.")
    String decoder;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    @Override public Integer call() throws Exception {
        List<String> strategies = wait.equals("all") ? List.of(WaitStrategies.NAMES) : List.of(wait);
        for (String s : strategies) {
            try {
                WaitStrategies.of(s);
            } catch (IllegalArgumentException e) {
                throw new UserException("--wait: " + e.getMessage());
            }
        }
        PrintStream out = System.out;
        Definitions base = Definitions.load(UserFiles.resolve("rigs/sim.yaml"), UserFiles.resolve(decoder),
                UserFiles.resolve("stimuli/grating.yaml"));
        Map<String, Object> all = Json.object();
        Map<String, Object> first = null;
        out.printf(Locale.ROOT, "bench pipeline: %d ROIs per frame, decoder %s, %d cores%n", rois,
                base.decoder().name(), Runtime.getRuntime().availableProcessors());
        for (String strategy : strategies) {
            Definitions defs = base.withRig(base.rig().withPipeline(new PipelineSection(strategy, 4096)));
            run(defs, 30, 20_000, false); // warm-up: JIT the whole path before measuring
            long t0 = System.nanoTime();
            run(defs, 30, frames, false);
            double fps = frames / ((System.nanoTime() - t0) / 1e9);
            LatencyHistogram l30 = run(defs, 30, Math.round(30 * seconds), true);
            LatencyHistogram l1k = run(defs, 1000, Math.round(1000 * seconds), true);
            out.printf(Locale.ROOT, "[%s] unpaced: %,.0f frames/s%n", strategy, fps);
            out.printf(Locale.ROOT, "[%s] paced 30 Hz, arrival → decision: %s%n", strategy, l30.describe());
            out.printf(Locale.ROOT, "[%s] paced 1 kHz, arrival → decision: %s%n", strategy, l1k.describe());
            Map<String, Object> m = Json.object();
            m.put("wait_strategy", strategy);
            m.put("rois", rois);
            m.put("frames_per_s", Math.round(fps));
            m.put("paced_30hz_latency_us", l30.microseconds());
            m.put("paced_1khz_latency_us", l1k.microseconds());
            all.put(strategy, m);
            if (first == null) first = m;
        }
        if (json) {
            Map<String, Object> result = Json.object();
            result.putAll(first);
            if (strategies.size() > 1) result.put("strategies", all);
            out.println(Json.line(result));
        }
        return 0;
    }

    private LatencyHistogram run(Definitions defs, double rate, long n, boolean paced) throws InterruptedException {
        SyntheticSource source = new SyntheticSource(rois, rate, n, paced, 1);
        Session s = new Session(defs, source, List.of(new SimulatedRewardOutput()), null);
        s.run();
        return s.monitor().decisionLatency();
    }
}
