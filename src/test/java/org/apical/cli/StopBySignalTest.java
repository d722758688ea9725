package org.apical.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apical.lsl.LocalClock;
import org.apical.lsl.LslConfig;
import org.apical.lsl.StreamOutlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfChunk;
import org.apical.xdf.XdfChunkReader;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM end a session the way Stop does: the child JVM runs {@code apical} as a user would,
 * is signalled mid-session, and must leave a finished file (every stream's footer, clock offsets, a boundary chunk,
 * as many samples as it reported) and its summary, with the conventional exit code 128 + signal.
 */
class StopBySignalTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long CHILD_SECONDS = 60;

    @TempDir Path dir;

    @Test void sigtermEndsADemoOverLslWithAFinishedFile() throws Exception {
        demoStoppedBy("TERM", 143, false);
    }

    @Test void sigintEndsAnInProcessDemoWithAFinishedFile() throws Exception {
        demoStoppedBy("INT", 130, true);
    }

    private void demoStoppedBy(String signal, int exitCode, boolean inProcess) throws Exception {
        Path file = dir.resolve("demo-" + signal + ".xdf");
        List<String> args = new ArrayList<>(List.of("demo", "--speed", "realtime", "--duration", "60", "--quiet",
                "--json", "--out", file.toString()));
        if (inProcess) args.add("--in-process");
        Child c = Child.start(dir.resolve("demo-" + signal + ".log"), args);
        try {
            c.await("a second of frames in " + file, () -> flushedSamples(file, "ApicalSim") >= 30);
            c.signal(signal);
            c.awaitExit(exitCode);
        } finally {
            c.process.destroyForcibly();
        }
        XdfFile f = finished(file, c);
        JsonNode j = c.json();
        long frames = j.get("frames").asLong();
        assertTrue(frames < 60 * 30, "stopped by the signal, not at the end of the 60 s: " + frames + " frames");
        assertEquals(frames, f.stream("ApicalSim").samples(), "every decided frame is in the file\n" + c.out());
        assertEquals(frames, f.stream("ApicalDecoder").samples(), "every decision is in the file");
        assertEquals(1, f.stream("ApicalConfig").samples());
        assertEquals(j.get("recording").get("samples").asLong(), totalSamples(f), "samples reported = in the file");
        assertEquals(0, j.get("recording").get("dropped").asLong());
        assertTrue(c.out().contains("frames " + frames + " "), "the summary is printed\n" + c.out());
    }

    @Test void sigtermEndsAnLslRecordingWithAFinishedFile() throws Exception {
        Path file = dir.resolve("lsl-record.xdf");
        String name = "signal-test-" + ProcessHandle.current().pid();
        StreamInfo info = StreamInfo.create(name, "EEG", 4, 100, ChannelFormat.FLOAT32, name + "-src");
        try (StreamOutlet outlet = new StreamOutlet(info, 10, LslConfig.machineOnly())) {
            Child c = Child.start(dir.resolve("lsl-record.log"), List.of("lsl", "record", "--out", file.toString(),
                    "--stream", name, "--scope", "machine", "--wait", "10", "--json"));
            long pushed = 0;
            try {
                assertTrue(outlet.waitForConsumers(30), "the recorder connected\n" + c.out());
                // a long recording: the child only ends when signalled
                float[] sample = new float[4];
                while (flushedSamples(file, name) < 50) {
                    assertTrue(c.process.isAlive(), "the recorder is still running\n" + c.out());
                    sample[0] = pushed;
                    outlet.pushSample(sample, LocalClock.now());
                    pushed++;
                    Thread.sleep(10);
                }
                c.signal("TERM");
                c.awaitExit(143);
            } finally {
                c.process.destroyForcibly();
            }
            XdfFile f = finished(file, c);
            XdfStream s = f.stream(name);
            JsonNode j = c.json();
            assertTrue(s.samples() > 0 && s.samples() <= pushed, s.samples() + " of " + pushed);
            assertEquals(j.get("samples").asLong(), totalSamples(f), "samples reported = in the file\n" + c.out());
            assertEquals(s.samples(), j.get("streams").get(0).get("samples").asLong());
            for (int i = 0; i < s.samples(); i++) assertEquals(i, s.value(i, 0), "sample " + i + " in order, none lost");
        }
    }

    @Test void sigtermEndsARunWhoseStreamHasStalled() throws Exception {
        String name = "signal-rig-" + ProcessHandle.current().pid();
        Path rig = dir.resolve("lsl-rig.yaml");
        Files.writeString(rig, Files.readString(Path.of("rigs/example-2p.yaml"))
                .replace("name: Rig2P ", "name: " + name + " ").replace("scope: site", "scope: machine"));
        Path file = dir.resolve("run.xdf");
        StreamInfo info = StreamInfo.create(name, "Imaging", 20, 30, ChannelFormat.FLOAT32, name + "-src");
        try (StreamOutlet outlet = new StreamOutlet(info, 10, LslConfig.machineOnly())) {
            Child c = Child.start(dir.resolve("run.log"), List.of("run", "--rig", rig.toString(), "--decoder",
                    "decoders/default.yaml", "--stimulus", "stimuli/grating.yaml", "--quiet", "--json",
                    "--out", file.toString()));
            int pushed = 0;
            try {
                assertTrue(outlet.waitForConsumers(30), "the session connected\n" + c.out());
                float[] sample = new float[20];
                for (; pushed < 60; pushed++) {
                    sample[0] = pushed;
                    outlet.pushSample(sample, LocalClock.now());
                    Thread.sleep(5);
                }
                // then the acquisition stalls, its outlet still open: the session waits on the stream
                c.await("the 60 frames in " + file, () -> flushedSamples(file, name) == 60);
                c.signal("TERM");
                c.awaitExit(143);
            } finally {
                c.process.destroyForcibly();
            }
            XdfFile f = finished(file, c);
            assertEquals(pushed, f.stream(name).samples());
            assertEquals(pushed, c.json().get("frames").asLong(), c.out());
            assertFalse(c.out().contains("did not finish"), "ended by the stop, not by the bound\n" + c.out());
        }
    }

    @Test void sigintEndsAReplayWithItsComparison() throws Exception {
        Path file = dir.resolve("to-replay.xdf");
        int code = Main.commandLine().execute("demo", "--speed", "max", "--duration", "120", "--in-process", "--quiet",
                "--out", file.toString());
        assertEquals(0, code);
        // 20x: the 30 s baseline passes in 1.5 s, then one line per trial
        Child c = Child.start(dir.resolve("replay.log"), List.of("replay", file.toString(), "--speed", "20x", "--json"));
        try {
            c.await("the first trial of the replay", () -> c.out().matches("(?s).*\\btrial +1 .*"));
            c.signal("INT");
            c.awaitExit(130);
        } finally {
            c.process.destroyForcibly();
        }
        JsonNode j = c.json();
        long frames = j.get("frames").asLong();
        assertTrue(frames > 30 * 30 && frames < 120 * 30, "stopped mid-replay: " + frames + " frames\n" + c.out());
        // the comparison ran to the last replayed frame: none of them differs from the recording
        assertTrue(j.get("first_difference_frame").isNull(), "the replayed part matches the recording\n" + c.out());
        assertTrue(c.out().contains("angles identical: NO (0 frames differ)"), "a partial replay is not identical\n"
                + c.out());
    }

    @Test void sigtermEndsAReplayThatPublishes() throws Exception {
        Path file = dir.resolve("to-publish.xdf");
        int code = Main.commandLine().execute("demo", "--speed", "max", "--duration", "60", "--in-process", "--quiet",
                "--out", file.toString());
        assertEquals(0, code);
        long recorded = totalSamples(XdfReader.read(file));
        Child c = Child.start(dir.resolve("publish.log"), List.of("replay", file.toString(), "--publish", "--speed",
                "realtime", "--scope", "machine", "--json"));
        try {
            c.await("the re-streaming to start", () -> c.out().contains("re-streaming"));
            c.signal("TERM");
            c.awaitExit(143);
        } finally {
            c.process.destroyForcibly();
        }
        long published = c.json().get("samples").asLong();
        assertTrue(published < recorded, "stopped before the end: " + published + " of " + recorded + "\n" + c.out());
        assertTrue(c.out().contains("published " + published + " samples"), c.out());
    }

    /** Reads a finished file: not truncated, and every stream closed with its footer and clock offsets. */
    private static XdfFile finished(Path file, Child c) throws IOException {
        XdfFile f = XdfReader.read(file);
        assertFalse(f.truncated(), file + " ends inside a chunk: " + f.stop() + "\n" + c.out());
        // the test outlets push from a sleeping loop, stamped with the clock: a late loop makes a hole by the nominal
        // rate with no sample lost (the values say so); any other problem is damage
        assertEquals(List.of(), f.problems().stream().filter(p -> !p.contains("missing by its nominal rate")).toList());
        for (XdfStream s : f.streams()) {
            assertNotNull(s.footer(), "stream '" + s.name() + "' has its footer\n" + c.out());
            assertEquals(s.samples(), s.footer().sampleCount(), "footer of '" + s.name() + "'");
            assertTrue(s.clockTimes().length >= 1, "stream '" + s.name() + "' has clock offsets");
            assertTrue(s.footer().offsetTimes().length >= 1, "the footer of '" + s.name() + "' lists its clock offsets");
        }
        int boundaries = 0;
        try (XdfChunkReader r = XdfChunkReader.open(file)) {
            for (XdfChunk ch = r.next(); ch != null; ch = r.next()) if (ch instanceof XdfChunk.Boundary) boundaries++;
        }
        assertTrue(boundaries >= 1, "a finished file has a boundary chunk");
        return f;
    }

    private static long totalSamples(XdfFile f) {
        return f.streams().stream().mapToLong(XdfStream::samples).sum();
    }

    /** Samples of {@code stream} already in the file (0 while it does not exist or has no such stream yet). */
    private static long flushedSamples(Path file, String stream) {
        if (!Files.exists(file)) return 0;
        try {
            XdfStream s = XdfReader.read(file).stream(stream);
            return s == null ? 0 : s.samples();
        } catch (IOException | RuntimeException e) {
            return 0; // caught between two writes
        }
    }

    /** {@code apical} in its own JVM, as the launcher runs it; its output goes to a file read by the test. */
    record Child(Process process, Path log) {
        static Child start(Path log, List<String> args) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            // A JVM leaves a signal alone that it inherited ignored (a background job of a script ignores SIGINT):
            // give the child the default handling whatever this test runs under.
            List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT,TERM", java,
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "org.apical.cli.Main"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Child(p, log);
        }

        String out() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        JsonNode json() throws IOException {
            String text = out();
            String[] lines = text.strip().split("\n");
            String last = lines[lines.length - 1];
            assertTrue(last.startsWith("{"), "the --json line is printed last\n" + text);
            return JSON.readTree(last);
        }

        void await(String what, BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_SECONDS);
            while (!condition.getAsBoolean()) {
                assertTrue(process.isAlive(), "the child ended before " + what + "\n" + out());
                assertTrue(System.nanoTime() < deadline, "no " + what + " within " + CHILD_SECONDS + " s\n" + out());
                Thread.sleep(50);
            }
        }

        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + name);
        }

        void awaitExit(int expected) throws InterruptedException {
            assertTrue(process.waitFor(CHILD_SECONDS, TimeUnit.SECONDS), "the child ended after the signal\n" + out());
            assertEquals(expected, process.exitValue(), "exit code\n" + out());
        }
    }
}
