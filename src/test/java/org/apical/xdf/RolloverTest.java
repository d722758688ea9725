package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollover to a new file at a size or time limit: every file self-contained, no sample lost at a seam. */
class RolloverTest {
    @TempDir Path dir;

    @Test
    void sizeRolloverLosesNothingAndEveryFileStandsAlone() throws IOException {
        check(XdfWriterOptions.defaults().withFsync(false).withRollover(12_000, 0), "size");
    }

    @Test
    void timeRolloverLosesNothing() throws IOException {
        check(XdfWriterOptions.defaults().withFsync(false).withRollover(0, 3.0), "time");
    }

    private void check(XdfWriterOptions base, String name) throws IOException {
        AtomicReference<Double> now = new AtomicReference<>(0.0);
        Path first = dir.resolve(name + ".xdf");
        int n = 5000;
        List<Path> files;
        try (XdfWriter w = XdfWriter.create(first, base.withLocalClock(now::get))) {
            int eeg = w.addStream(StreamInfo.recorded("eeg", "EEG", 4, 500, ChannelFormat.INT16, ""), StreamClock.REMOTE);
            int ev = w.addStream(StreamInfo.recorded("events", "Markers", 1, 0, ChannelFormat.STRING, ""));
            w.clockOffset(eeg, 0.0, 0.5);
            double t = 10.0;
            for (int i = 0; i < n; i++) {
                now.set(i / 500.0);
                t += 1.0 / 500;
                w.appendNumeric(eeg, t, new double[] {i % 30000, 1, 2, 3});
                if (i % 250 == 0) w.appendStrings(ev, t, "e" + i);
            }
            files = w.files();
        }
        assertTrue(files.size() >= 3, "rolled over: " + files + " " + files.stream().map(f -> f.toFile().length()).toList());
        assertEquals(first, files.getFirst());
        assertEquals(dir.resolve(name + "-part2.xdf"), files.get(1));
        assertEquals(files, XdfReader.parts(first), "a reader finds every part from the first file");
        double prev = 10.0;
        int total = 0, events = 0;
        for (Path p : files) {
            XdfFile f = XdfReader.read(p, XdfReadOptions.raw());
            assertFalse(f.truncated());
            assertNotNull(f.header(), p + " has a file header");
            XdfStream eeg = f.stream("eeg");
            assertNotNull(eeg.footer(), p + " has footers");
            assertEquals(eeg.samples(), eeg.footer().sampleCount());
            assertArrayEquals(new double[] {0.5}, eeg.clockValues(), p + " repeats the latest clock offset");
            for (int i = 0; i < eeg.samples(); i++) {
                prev += 1.0 / 500;
                assertEquals(prev, eeg.rawTimestamps()[i], "sample " + (total + i) + " in " + p);
                assertEquals((total + i) % 30000, eeg.value(i, 0));
            }
            total += eeg.samples();
            events += f.stream("events").samples();
        }
        assertEquals(n, total);
        assertEquals(n / 250, events);
    }
}
