package org.apical.xdf;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording process killed with SIGKILL leaves a file readable up to its last flush. */
class CrashSafetyTest {
    @TempDir Path dir;

    @Test
    void sigkillMidRecordingLeavesEverythingUpToTheLastFlush() throws Exception {
        Path file = dir.resolve("killed.xdf");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashRecordingMain.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        long lastFlushed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals("started", line, "child output");
            long until = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < until && (line = out.readLine()) != null) {
                if (line.startsWith("flushed ")) lastFlushed = Long.parseLong(line.substring(8));
            }
            // SIGKILL on Linux. Lines the child printed after the last one read are not counted: the check below
            // only gets stricter for what was reported.
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertTrue(lastFlushed > 0, "the child flushed at least once");

        XdfFile f = XdfReader.read(file);
        XdfStream eeg = f.stream("eeg");
        assertNotNull(eeg);
        assertTrue(eeg.samples() >= lastFlushed, eeg.samples() + " samples read, " + lastFlushed + " were flushed");
        assertNull(eeg.footer(), "killed before any footer");
        for (int i = 0; i < eeg.samples(); i++) {
            assertEquals(i / 1000.0, eeg.rawTimestamps()[i], "timestamp of sample " + i);
            assertEquals(i + 31, eeg.value(i, 31), "value of sample " + i);
        }
        assertTrue(eeg.clockTimes().length >= 1, "clock offsets are written from the start, not only at the end");
        assertTrue(f.stream("markers").samples() >= lastFlushed / 100);
    }
}
