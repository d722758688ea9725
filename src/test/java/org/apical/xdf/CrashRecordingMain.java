package org.apical.xdf;

import java.nio.file.Path;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;

/**
 * Child process of {@link CrashSafetyTest}: records a 1 kHz, 32-channel float32 stream and a marker stream until
 * killed. After each periodic flush it prints "flushed N" (N = samples of the stream appended so far, all of which
 * the flush has handed to the operating system).
 */
public final class CrashRecordingMain {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        XdfWriter w = XdfWriter.create(path, XdfWriterOptions.defaults().withFlushInterval(0.25).withFsync(false));
        int eeg = w.addStream(StreamInfo.recorded("eeg", "EEG", 32, 1000, ChannelFormat.FLOAT32, "crash-test"));
        int markers = w.addStream(StreamInfo.recorded("markers", "Markers", 1, 0, ChannelFormat.STRING, "crash-test"));
        System.out.println("started");
        System.out.flush();
        float[] v = new float[32];
        long flushes = w.flushes();
        long t0 = System.nanoTime();
        for (int i = 0; ; i++) {
            for (int c = 0; c < 32; c++) v[c] = i + c;
            w.appendFloats(eeg, i / 1000.0, v);
            if (i % 100 == 0) w.appendStrings(markers, i / 1000.0, "sample " + i);
            if (w.flushes() != flushes) {
                flushes = w.flushes();
                System.out.println("flushed " + (i + 1));
                System.out.flush();
            }
            long due = t0 + (i + 1) * 1_000_000L;
            while (System.nanoTime() < due) Thread.sleep(0, 200_000);
        }
    }
}
