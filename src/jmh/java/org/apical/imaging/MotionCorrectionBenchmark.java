package org.apical.imaging;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Motion correction of one 512 × 796 frame on 4 patches of 64 px, sub-pixel, as {@code apical frames bench} runs it:
 * {@code jumping} cycles through the bench's 16 frames (the content moves 1–2 px every frame, so some patches take
 * a second pass, a forward transform and a refinement, at the new place), {@code steady} corrects the same sub-pixel
 * shift frame after frame (one correlation per patch). {@code ./apical bench jmh MotionCorrectionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MotionCorrectionBenchmark {
    private static final int DISTINCT = 16;
    private final short[][] frames = new short[DISTINCT][];
    private MotionCorrector jumping;
    private MotionCorrector steady;
    private int next;

    @Setup
    public void setUp() {
        FrameGeometry g = new FrameGeometry(512, 796, 30);
        SyntheticFrames scene = new SyntheticFrames(g, 134, 1);
        for (int i = 0; i < DISTINCT; i++) {
            frames[i] = new short[g.pixelCount()];
            scene.render(3 * Math.sin(i * 0.7) + 0.37, 2 * Math.cos(i * 0.45) - 0.21, null, frames[i]);
        }
        short[] still = new short[g.pixelCount()];
        scene.render(0, 0, null, still);
        float[] reference = new float[still.length];
        for (int i = 0; i < still.length; i++) reference[i] = still[i] & 0xFFFF;
        jumping = new MotionCorrector(g, Patch.grid(g, 2, 2, 64, 20), 20, true);
        jumping.reference(reference);
        steady = new MotionCorrector(g, Patch.grid(g, 2, 2, 64, 20), 20, true);
        steady.reference(reference);
    }

    @Benchmark
    public double jumping() {
        jumping.estimate(frames[next++ & (DISTINCT - 1)]);
        return jumping.dx() + jumping.dy();
    }

    @Benchmark
    public double steady() {
        steady.estimate(frames[3]);
        return steady.dx() + steady.dy();
    }
}
