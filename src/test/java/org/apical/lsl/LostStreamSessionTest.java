package org.apical.lsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apical.CommandRun;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session whose input stream misbehaves: lost with no source_id to recover by, or text where numbers are needed. */
class LostStreamSessionTest {
    static final String DECODER = "ensembles: {plus: [0, 1], minus: [2, 3]}\n"
            + "calibration: {auto: false, floor: 0, threshold: 1}\ntask: {baseline: 0 s}\n";
    static final String STIM = "angles: {start: 0, target: 90}\n";

    @TempDir Path dir;

    private String[] run(String name, Path out) throws Exception {
        Path rig = Files.writeString(dir.resolve("rig.yaml"), "input: {source: lsl, stream: {name: " + name
                + "}, scope: machine, resolve_timeout: 5 s}\nrecording: {folder: " + dir + "}\n");
        Path d = Files.writeString(dir.resolve("d.yaml"), DECODER), s = Files.writeString(dir.resolve("s.yaml"), STIM);
        return new String[] {"run", "--rig", rig.toString(), "--decoder", d.toString(), "--stimulus", s.toString(),
                "--out", out.toString(), "--quiet", "--json"};
    }

    @Test
    void aStreamLostWithoutSourceIdEndsTheSessionWithOneLineAFinishedRecordingAndExit1() throws Exception {
        StreamInfo info = StreamInfo.create("lost-rig", "Imaging", 4, 30, ChannelFormat.FLOAT32, "");
        Path out = dir.resolve("lost.xdf");
        StreamOutlet outlet = new StreamOutlet(info, 10, LslConfig.machineOnly());
        AtomicReference<Throwable> pusher = new AtomicReference<>();
        Thread push = Thread.ofPlatform().start(() -> {
            try {
                assertTrue(outlet.waitForConsumers(30));
                for (int i = 0; i < 90; i++) outlet.pushSample(new float[] {1, 2, 3, 4}, LocalClock.now());
                outlet.close(); // the outlet goes away; with no source_id the inlet cannot find it again
            } catch (Throwable t) {
                pusher.set(t);
            }
        });
        CommandRun r = CommandRun.of(run("lost-rig", out));
        push.join();
        assertNull(pusher.get());
        assertEquals(1, r.code(), r.out() + r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("'lost-rig'") && line.contains("lost") && line.contains("source_id"), line);
        assertTrue(line.contains("valves closed") && line.contains(out.toString()), line);
        assertTrue(r.json().path("input_lost").asText().contains("source_id"), r.out());
        XdfFile f = XdfReader.read(out);
        assertFalse(f.truncated(), "the recording was finished: " + f.stop());
        assertTrue(f.stream("lost-rig") != null, "the input stream is in the recording");
    }

    @Test
    void lslReceiveOfAStreamLostWithoutSourceIdFails() throws Exception {
        StreamInfo info = StreamInfo.create("lost-recv", "Imaging", 1, 30, ChannelFormat.FLOAT32, "");
        StreamOutlet outlet = new StreamOutlet(info, 10, LslConfig.machineOnly());
        Thread push = Thread.ofPlatform().start(() -> {
            try {
                if (outlet.waitForConsumers(30)) outlet.pushSample(new float[] {1}, LocalClock.now());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            outlet.close();
        });
        CommandRun r = CommandRun.of("lsl", "receive", "--name", "lost-recv", "--duration", "30", "--scope", "machine",
                "--json");
        push.join();
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("stream lost") && r.out().contains("source_id"), r.out());
        assertTrue(r.json().path("lost").asBoolean(), r.out());
    }

    @Test
    void aDryRunChecksTheRoisAgainstTheLiveStreamOrSaysTheCheckIsPending() throws Exception {
        StreamInfo info = StreamInfo.create("dry-rig", "Imaging", 3, 30, ChannelFormat.FLOAT32, "dry-src");
        String[] args = run("dry-rig", dir.resolve("dry.xdf"));
        String[] dry = java.util.Arrays.copyOf(args, 8);
        dry[7] = "--dry-run";
        try (StreamOutlet outlet = new StreamOutlet(info, 10, LslConfig.machineOnly())) {
            CommandRun r = CommandRun.of(dry);
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("ROI 3 does not exist in stream 'dry-rig' (3 channels)"), r.err());
        }
        Path rig = Files.writeString(dir.resolve("rig.yaml"), "input: {source: lsl, stream: {name: dry-rig},"
                + " scope: machine, resolve_timeout: 0.3 s}\n");
        dry[2] = rig.toString();
        String[] withJson = java.util.Arrays.copyOf(dry, 9);
        withJson[8] = "--json";
        CommandRun pending = CommandRun.of(withJson);
        assertEquals(0, pending.code(), pending.out() + pending.err());
        assertTrue(pending.out().contains("stream check: pending"), pending.out());
        assertEquals("pending", pending.json().path("stream_check").asText(), pending.out());
    }

    @Test
    void aStringStreamIsRefusedInPreflight() throws Exception {
        StreamInfo info = StreamInfo.create("text-rig", "Imaging", 4, 30, ChannelFormat.STRING, "text-src");
        try (StreamOutlet outlet = new StreamOutlet(info, 10, LslConfig.machineOnly())) {
            CommandRun r = CommandRun.of(run("text-rig", dir.resolve("text.xdf")));
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("'text-rig'") && r.err().contains("string"), r.err());
            assertFalse(r.err().contains("internal error"), r.err());
        }
    }
}
