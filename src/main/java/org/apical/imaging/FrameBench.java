package org.apical.imaging;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.apical.core.Frame;
import org.apical.core.LatencyHistogram;

/**
 * {@code apical frames bench}: synthetic frames (the source lab's 512 × 796 by default) sent as fast as possible over
 * loopback TCP by a sender thread, received, motion-corrected and reduced to ROI means by the same code a session
 * runs. Figures per frame: the whole cost on the receiving thread (receive + decode + motion + ROIs), the part after
 * the last byte arrived (motion + ROIs), each stage apart (receive and decode, motion, ROI means), the receiving
 * thread's CPU time per frame (what a free core would take), and the throughput.
 */
public final class FrameBench {
    private FrameBench() {}

    public record Options(int lines, int pixels, int rois, long frames, boolean wholeFrame, int grid, int patchSize,
                          int maxShift) {
        public static Options defaults() { return new Options(512, 796, 100, 3000, false, 2, 64, 20); }
    }

    public record Result(Options options, long frames, double seconds, double framesPerSecond,
                         LatencyHistogram.Figures perFrameUs, LatencyHistogram.Figures afterArrivalUs, double meanPerFrameUs,
                         double maxShiftError, int patches, double cpuPerFrameUs, Stage receive, Stage motion,
                         Stage rois, double loadAverage) {}

    /** One stage's wall-clock time per frame, in µs. */
    public record Stage(double mean, double p50, double p99) {
        static Stage of(LatencyHistogram h) {
            LatencyHistogram.Figures f = h.microseconds();
            return new Stage(h.meanNanos() / 1e3, f.p50(), f.p99());
        }
    }

    public static Result run(Options o) throws IOException, InterruptedException {
        FrameGeometry g = new FrameGeometry(o.lines(), o.pixels(), 30);
        SyntheticFrames scene = new SyntheticFrames(g, Math.max(o.rois(), 4 * o.rois() / 3), 1);
        List<Roi> rois = scene.rois(o.rois(), 4);
        // 16 distinct frames with a known sub-pixel wobble, encoded once: the sender only writes
        int distinct = 16;
        double[][] shifts = new double[distinct][];
        List<byte[]> wire = new ArrayList<>();
        short[] f = new short[g.pixelCount()];
        for (int i = 0; i < distinct; i++) {
            shifts[i] = new double[] {3 * Math.sin(i * 0.7) + 0.37, 2 * Math.cos(i * 0.45) - 0.21};
            scene.render(shifts[i][0], shifts[i][1], null, f);
            wire.add(SyntheticFrames.wire(f));
        }
        scene.render(0, 0, null, f);
        float[] reference = new float[f.length];
        for (int i = 0; i < f.length; i++) reference[i] = f[i] & 0xFFFF;
        Patch[] patches = o.wholeFrame() ? new Patch[] {Patch.whole(g, o.maxShift())}
                : Patch.grid(g, o.grid(), o.grid(), o.patchSize(), o.maxShift());
        MotionCorrector motion = new MotionCorrector(g, patches, o.maxShift(), true);
        FrameProcessor processor = new FrameProcessor(g, rois, motion, reference, 1, true);
        TcpFrameSource tcp = TcpFrameSource.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), g, false);
        Thread sender = Thread.ofPlatform().daemon().name("bench-frame-sender").start(() -> {
            try (Socket s = new Socket()) {
                s.setSendBufferSize(8 << 20);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.port()));
                OutputStream out = s.getOutputStream();
                for (long k = 0; k < o.frames(); k++) out.write(wire.get((int) (k % distinct)));
                out.flush();
            } catch (IOException e) {
                // the receiver reports the short count
            }
        });
        LatencyHistogram perFrame = new LatencyHistogram();
        double worst = 0;
        long count = 0;
        long start;
        try (FramesFrameSource source = new FramesFrameSource(tcp, processor, rois, "ApicalROIs", "bench", null, -1)) {
            Frame frame = new Frame(source.description().channelCount());
            int n = rois.size();
            // the first frame waits for the sender to connect: not timed
            if (!source.next(frame)) throw new IOException("the bench's sender sent no frame");
            count++;
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            start = System.nanoTime();
            while (true) {
                long t0 = System.nanoTime();
                if (!source.next(frame)) break;
                perFrame.record(System.nanoTime() - t0);
                double[] truth = shifts[(int) (count % distinct)];
                worst = Math.max(worst, Math.max(Math.abs(frame.raw[n] - truth[0]), Math.abs(frame.raw[n + 1] - truth[1])));
                count++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // the receiving thread's own CPU time: on a busy machine the wall-clock figures include waiting for a core
            double cpuUs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / Math.max(1, count - 1);
            sender.join(10_000);
            if (count != o.frames()) {
                throw new IOException("the bench received " + count + " of " + o.frames() + " frames");
            }
            return new Result(o, count, seconds, (count - 1) / seconds, perFrame.microseconds(), source.processing().microseconds(),
                    perFrame.meanNanos() / 1e3,
                    worst, patches.length, cpuUs, Stage.of(source.receiving()),
                    Stage.of(source.processor().motionTime()), Stage.of(source.processor().roiTime()),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
