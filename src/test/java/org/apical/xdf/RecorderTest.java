package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {
    @TempDir Path dir;

    private static XdfWriterOptions quiet() { return XdfWriterOptions.defaults().withFsync(false); }

    @Test
    void producersOnSeveralThreadsLoseNothing() throws Exception {
        Path p = dir.resolve("session.xdf");
        int n = 20_000, channels = 16;
        RecorderStats stats;
        try (Recorder rec = Recorder.start(XdfWriter.create(p, quiet()), RecorderOptions.defaults())) {
            int raw = rec.addStream(StreamInfo.recorded("raw", "Imaging", channels, 1000, ChannelFormat.FLOAT32, "rig"), StreamClock.REMOTE);
            int events = rec.addStream(StreamInfo.recorded("events", "Markers", 1, 0, ChannelFormat.STRING, "task"));
            CountDownLatch go = new CountDownLatch(1);
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                double[] ts = new double[10];
                float[] v = new float[10 * channels];
                for (int i = 0; i < n; i += 10) {
                    for (int k = 0; k < 10; k++) {
                        ts[k] = (i + k) / 1000.0;
                        for (int c = 0; c < channels; c++) v[k * channels + c] = i + k + c * 0.5f;
                    }
                    // a producer that must lose nothing waits for room first (a refused append counts as a loss)
                    while (!rec.hasCapacity(64)) Thread.onSpinWait();
                    assertEquals(10, rec.appendChunk(raw, ts, v, 10));
                }
            });
            go.countDown();
            for (int i = 0; i < 200; i++) {
                while (!rec.hasCapacity(64)) Thread.onSpinWait();
                assertTrue(rec.appendStrings(events, i * 0.1, "trial " + i));
            }
            rec.clockOffset(raw, 5.0, 0.125);
            producer.join();
            stats = rec.finish();
        }
        assertEquals(0, stats.droppedSamples());
        assertEquals(n + 200, stats.samplesEnqueued());
        assertEquals(n + 200, stats.samplesWritten());
        assertTrue(stats.bytesWritten() > (long) n * channels * 4);
        XdfFile f = XdfReader.read(p, XdfReadOptions.raw());
        XdfStream raw = f.stream("raw");
        assertEquals(n, raw.samples());
        for (int i = 0; i < n; i += 997) {
            assertEquals(i / 1000.0, raw.rawTimestamps()[i]);
            assertEquals(i + 3 * 0.5f, (float) raw.value(i, 3));
        }
        assertEquals(200, f.stream("events").samples());
        assertEquals("trial 199", f.stream("events").string(199, 0));
        assertArrayEquals(new double[] {0.125}, raw.clockValues());
        assertEquals(0, f.stream(Recorder.LOSS_STREAM).samples(), "no loss, no marker");
    }

    @Test
    void aFullBacklogIsCountedAndMarkedInTheFile() throws IOException {
        Path p = dir.resolve("lossy.xdf");
        // 8 records: the loss stream's and x's declarations take 2, so 6 samples fit while the writer is stopped.
        Recorder rec = Recorder.create(XdfWriter.create(p, quiet()), RecorderOptions.defaults().withSlots(8));
        int x = rec.addStream(StreamInfo.recorded("x", "T", 2, 0, ChannelFormat.INT32, ""));
        int accepted = 0;
        for (int i = 0; i < 10; i++) if (rec.appendNumeric(x, i, new double[] {i, -i})) accepted++;
        assertEquals(6, accepted);
        assertEquals(4, rec.droppedSamples());
        assertEquals(4, rec.droppedSamples(x));
        assertEquals(0, rec.appendChunk(x, new double[] {20, 21}, new double[] {1, 2, 3, 4}, 2));
        RecorderStats stats = rec.finish();
        assertEquals(6, stats.droppedSamples());
        assertEquals(6, stats.backlogMaxSamples());
        assertFalse(stats.lossless());
        XdfFile f = XdfReader.read(p);
        assertEquals(6, f.stream("x").samples());
        XdfStream losses = f.stream(Recorder.LOSS_STREAM);
        assertEquals(1, losses.samples());
        assertTrue(losses.string(0, 0).contains("dropped 6 samples of stream 'x'"), losses.string(0, 0));
    }

    @Test
    void samplesReachTheFileWithinAboutASecondWhileRecording() throws Exception {
        Path p = dir.resolve("live.xdf");
        try (Recorder rec = Recorder.start(XdfWriter.create(p, quiet()), RecorderOptions.defaults())) {
            int id = rec.addStream(StreamInfo.recorded("cursor", "Control", 2, 30, ChannelFormat.DOUBLE64, ""));
            for (int i = 0; i < 30; i++) rec.appendNumeric(id, i / 30.0, new double[] {i, i});
            long deadline = System.nanoTime() + 5_000_000_000L;
            int seen = 0;
            while (seen < 30 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                XdfStream s = XdfReader.read(p).stream("cursor");
                seen = s == null ? 0 : s.samples();
            }
            assertEquals(30, seen, "the open file holds every sample after a periodic flush");
            assertNull(XdfReader.read(p).stream("cursor").footer(), "no footer yet: the file is readable without it");
        }
        assertNotNull(XdfReader.read(p).stream("cursor").footer());
    }
}
