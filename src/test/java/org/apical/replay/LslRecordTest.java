package org.apical.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apical.lsl.LocalClock;
import org.apical.lsl.LslConfig;
import org.apical.lsl.StreamOutlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code apical lsl record} against real outlets on loopback: every value and timestamp lands in the file. */
class LslRecordTest {

    @Test
    void recordsNumericAndMarkerStreamsExactly(@TempDir Path dir) throws Exception {
        String id = "rec-test-" + ProcessHandle.current().pid();
        try (StreamOutlet data = new StreamOutlet(StreamInfo.create("RecData", "EEG", 3, 200, ChannelFormat.DOUBLE64,
                id + "-d"), 60, LslConfig.machineOnly());
             StreamOutlet marks = new StreamOutlet(StreamInfo.create("RecMarks", "Markers", 1, 0, ChannelFormat.STRING,
                     id + "-m"), 60, LslConfig.machineOnly())) {
            Path file = dir.resolve("lsl.xdf");
            Thread recorder = new Thread(() -> SessionRecordingAndReplayTest.apical("lsl", "record", "--out",
                    file.toString(), "--stream", "RecData", "--stream", "RecMarks", "--duration", "3", "--wait", "2", "--scope", "machine"));
            recorder.start();
            assertTrue(data.waitForConsumers(5) && marks.waitForConsumers(5), "the recorder connected");
            Thread.sleep(200);
            double t0 = LocalClock.now();
            for (int i = 0; i < 200; i++) {
                data.pushSample(new double[] {i, -i, i * 0.25}, t0 + i / 200.0);
                if (i % 50 == 0) marks.pushSample(new String[] {"mark " + i}, t0 + i / 200.0);
                Thread.sleep(2);
            }
            recorder.join(15_000);
            XdfFile f = XdfReader.read(file);
            XdfStream d = f.streams().stream().filter(s -> s.name().equals("RecData")).findFirst().orElseThrow();
            XdfStream m = f.streams().stream().filter(s -> s.name().equals("RecMarks")).findFirst().orElseThrow();
            assertEquals(200, d.samples());
            for (int i = 0; i < 200; i++) {
                assertEquals(i * 0.25, d.value(i, 2), 0.0);
                assertEquals(t0 + i / 200.0, d.rawTimestamps()[i], 1e-9);
            }
            assertEquals(4, m.samples());
            assertEquals("mark 150", m.string(3, 0));
        }
    }
}
