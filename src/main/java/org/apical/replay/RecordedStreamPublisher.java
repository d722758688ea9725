package org.apical.replay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apical.lsl.Draining;
import org.apical.lsl.LocalClock;
import org.apical.lsl.LslConfig;
import org.apical.lsl.StreamOutlet;
import org.apical.sim.Pacer;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfStream;

/**
 * A recording standing in for a rig: every recorded stream with samples gets an LSL outlet with its recorded
 * metadata (full info, desc), and the samples of all streams are pushed in timestamp order with their recorded
 * spacing. Timestamps are shifted by one constant so the first sample is stamped "now" on this machine's clock.
 */
public final class RecordedStreamPublisher implements AutoCloseable {
    private final List<XdfStream> streams = new ArrayList<>();
    private final List<StreamOutlet> outlets = new ArrayList<>();
    private volatile boolean stopped;

    public RecordedStreamPublisher(XdfFile file, LslConfig config) throws IOException {
        for (XdfStream s : file.streams()) {
            if (s.samples() == 0) continue;
            StreamInfo info = s.header();
            streams.add(s);
            outlets.add(new StreamOutlet(info, 360, config));
        }
    }

    public List<String> streamNames() { return streams.stream().map(XdfStream::name).toList(); }

    public List<StreamOutlet> outlets() { return outlets; }

    /** Ends {@link #awaitConsumers} and {@link #run} before their next step (from any thread). */
    public void stop() { stopped = true; }

    /** How long {@link #awaitConsumers} waited, and which streams had a consumer when it returned. */
    public record Wait(double seconds, List<String> consumed) {}

    /**
     * Waits for consumers before the first sample, so that a consumer started with the replay (an inlet, a
     * recorder) receives the recording from its first sample: up to {@code timeoutSeconds} for a first consumer on
     * any stream, then, so that a consumer of several streams (LabRecorder) gets each of them from the start, until
     * every stream has one or {@code settleSeconds} pass without another stream gaining its first consumer.
     * Returns at once for a timeout of 0, and early on {@link #stop()}.
     */
    public Wait awaitConsumers(double timeoutSeconds, double settleSeconds) {
        if (!(timeoutSeconds > 0)) return new Wait(0, consumed());
        long start = System.nanoTime();
        long deadline = start + (long) (timeoutSeconds * 1e9);
        int had = 0;
        long lastGain = 0;
        while (!stopped) {
            int have = consumed().size();
            long now = System.nanoTime();
            if (have > had) {
                had = have;
                lastGain = now;
            }
            if (have == outlets.size()) break;
            if (had == 0 ? now >= deadline : now - lastGain >= (long) (settleSeconds * 1e9)) break;
            // several outlets, any of which may gain a consumer: poll them (a consumer takes milliseconds to connect)
            LockSupport.parkNanos(2_000_000L);
        }
        return new Wait((System.nanoTime() - start) / 1e9, consumed());
    }

    private List<String> consumed() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outlets.size(); i++) if (outlets.get(i).haveConsumers()) names.add(streams.get(i).name());
        return names;
    }

    /** Pushes everything, paced, until the end or {@link #stop()}; returns the number of samples pushed. */
    public long run(Pacer pacer) throws InterruptedException {
        int n = streams.size();
        int[] next = new int[n];
        double first = Double.POSITIVE_INFINITY;
        for (XdfStream s : streams) first = Math.min(first, s.rawTimestamps()[0]);
        double shift = LocalClock.now() - first;
        long pushed = 0;
        double[][] numeric = new double[n][];
        String[][] text = new String[n][];
        for (int i = 0; i < n; i++) {
            int channels = streams.get(i).header().channelCount();
            if (streams.get(i).header().channelFormat() == ChannelFormat.STRING) text[i] = new String[channels];
            else numeric[i] = new double[channels];
        }
        while (true) {
            int pick = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                XdfStream s = streams.get(i);
                if (next[i] < s.samples() && s.rawTimestamps()[next[i]] < best) {
                    best = s.rawTimestamps()[next[i]];
                    pick = i;
                }
            }
            if (pick < 0 || stopped) return pushed;
            pacer.awaitStreamTime(best - first);
            XdfStream s = streams.get(pick);
            int k = next[pick]++;
            if (text[pick] != null) {
                for (int c = 0; c < text[pick].length; c++) text[pick][c] = s.string(k, c);
                outlets.get(pick).pushSample(text[pick], best + shift);
            } else {
                for (int c = 0; c < numeric[pick].length; c++) numeric[pick][c] = s.value(k, c);
                outlets.get(pick).pushSample(numeric[pick], best + shift);
            }
            pushed++;
        }
    }

    /** Closes the outlets together: each consumer still gets the samples pushed before, within one drain time-out. */
    @Override public void close() {
        Draining.closeAll(outlets);
    }
}
