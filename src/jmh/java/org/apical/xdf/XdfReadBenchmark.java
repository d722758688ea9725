package org.apical.xdf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a 10-minute, 1,000-ROI, 30 Hz session file (72 MB, float32) from the page cache: memory-mapped, chunk by
 * chunk, and one stream sample by sample. {@code ./apical bench jmh XdfReadBenchmark}; 72 MB divided by the time is
 * the read speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class XdfReadBenchmark {
    static final int ROIS = 1000, FRAMES = 18_000;

    private Path dir;
    private Path file;
    private final double[] row = new double[ROIS];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("apical-jmh-xdf");
        file = dir.resolve("session.xdf");
        StreamInfo info = StreamInfo.create("Imaging", "Imaging", ROIS, 30, ChannelFormat.FLOAT32, "jmh");
        try (XdfWriter w = XdfWriter.create(file)) {
            int id = w.addStream(info);
            float[] v = new float[ROIS];
            for (int f = 0; f < FRAMES; f++) {
                for (int c = 0; c < ROIS; c++) v[c] = 500 + (f * 31 + c * 17) % 97;
                w.appendFloats(id, 1000 + f / 30.0, v);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public XdfFile mapped() throws IOException { return XdfMappedReader.read(file, XdfReadOptions.defaults()); }

    @Benchmark
    public XdfFile chunkByChunk() throws IOException { return XdfReader.readStreaming(file, XdfReadOptions.defaults()); }

    @Benchmark
    public double cursor() throws IOException {
        double sum = 0;
        try (XdfSampleCursor c = XdfSampleCursor.open(file, "Imaging")) {
            while (c.next(row)) sum += row[0];
        }
        return sum;
    }
}
