package org.apical.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apical.config.Definitions;
import org.apical.decode.EnsembleDecoder;
import org.apical.decode.Normaliser;
import org.apical.reward.RewardGate;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.apical.task.TrialStateMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.apical.core.DecisionHandler;
import org.apical.core.Frame;

/**
 * JMH: the cost of one frame through normalise → decode → task on one thread, without the ring — the floor under
 * every latency figure {@code apical bench pipeline} reports. Run with {@code ./apical bench jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecisionPathBenchmark {
    @Param({"decoders/default.yaml", "decoders/reference-7step.yaml"})
    public String decoder;

    private DecisionHandler path;
    private Frame[] frames;
    private int next;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String home = System.getProperty("apical.home", ".");
        Path root = Path.of(home);
        Definitions defs = Definitions.load(root.resolve("rigs/sim.yaml"), root.resolve(decoder),
                root.resolve("stimuli/grating.yaml"));
        SimulatedRig rig = new SimulatedRig(defs.rig().sim(), false, new Pacer(Double.POSITIVE_INFINITY), 4096, 0);
        int channels = rig.description().channelCount();
        frames = new Frame[4096];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new Frame(channels);
            frames[i].clear();
            rig.next(frames[i]);
        }
        var d = defs.decoder();
        int window = d.normalise().window().inFrames() ? (int) d.normalise().window().value()
                : (int) Math.round(d.normalise().window().value() * 30);
        Normaliser normaliser = new Normaliser(d.normalise(), new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, window, false);
        EnsembleDecoder dec = new EnsembleDecoder(d, defs.stimulus(), 20_000);
        TrialStateMachine machine = new TrialStateMachine(d.task(), defs.stimulus(),
                new RewardGate(defs.rig().reward().minInterval(), Integer.MAX_VALUE), 4, false,
                (f, n) -> {
                    dec.calibrate((int) n);
                    return null;
                }, dec::startTrial);
        TaskStage task = new TaskStage(machine, new org.apical.reward.RewardDispatcher(List.of(new SimulatedRewardOutput())), rig,
                new ControlInbox(), 4, Double.POSITIVE_INFINITY);
        path = new DecisionHandler(List.of(new NormaliseStage(normaliser), new DecodeStage(dec), task), () -> { });
    }

    @Benchmark
    public double frame() {
        Frame f = frames[next];
        next = (next + 1) & (frames.length - 1);
        f.sequence = seq;
        f.timestamp = seq / 30.0;
        seq++;
        f.eventCount = 0;
        path.onEvent(f, seq, true);
        return f.angle;
    }
}
