package org.apical.cli;

import org.apical.CommandRun;
import com.fasterxml.jackson.databind.JsonNode;
import org.apical.lsl.LslConfig;
import org.apical.lsl.StreamOutlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** The lsl commands end to end, in process, on loopback with machine scope. */
class LslCommandTest {


    static CommandRun run(String... args) { return CommandRun.of(args); }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "int8", "string"})
    void receiveVerifiesThePatternThatSendProduces(String format) throws Exception {
        String name = "cli-" + format;
        CompletableFuture<Integer> sender = CompletableFuture.supplyAsync(() -> Main.commandLine().execute(
                "lsl", "send", "--name", name, "--format", format, "--channels", "3", "--rate", "200",
                "--duration", "5", "--scope", "machine")); // long enough for a receiver started late on a busy machine
        CommandRun r = run("lsl", "receive", "--name", name, "--duration", "1.0", "--verify", "--json", "--scope", "machine");
        assertEquals(0, r.code(), r.out());
        JsonNode j = r.json();
        assertTrue(j.get("samples").asLong() > 50, r.out());
        assertTrue(j.get("pattern_ok").asBoolean(), r.out());
        assertTrue(j.has("gaps") && j.has("time_correction_s"));
        assertTrue(j.get("latency_us").has("p50") && j.get("latency_us").has("p99") && j.get("latency_us").has("max"));
        assertEquals(j.get("samples").asLong(), j.get("opening_backlog_samples").asLong()
                + j.get("latency_us").get("samples").asLong(), "every sample is either opening backlog or live: " + r.out());
        assertTrue(r.out().contains("opening backlog "), r.out());
        assertEquals(0, sender.get());
    }

    @Test
    void verifyFailsOnAStreamThatIsNotThePattern() throws Exception {
        StreamInfo info = StreamInfo.create("cli-wrong", "Test", 2, 100, ChannelFormat.FLOAT32, "cli-wrong-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, LslConfig.machineOnly())) {
            CompletableFuture<CommandRun> recv = CompletableFuture.supplyAsync(() ->
                    run("lsl", "receive", "--name", "cli-wrong", "--duration", "1.0", "--verify", "--json", "--scope", "machine"));
            assertTrue(out.waitForConsumers(5));
            for (int i = 0; i < 20; i++) {
                out.pushSample(new float[]{i, 5}, 1 + i / 100.0); // channel 1 should be i + 1000
                Thread.sleep(5);
            }
            CommandRun r = recv.get();
            assertEquals(1, r.code(), r.out());
            assertFalse(r.json().get("pattern_ok").asBoolean(), r.out());
            assertEquals(20, r.json().get("pattern_errors").asLong(), r.out());
        }
    }

    @Test
    void withoutVerifyPatternOkIsNullAndGapsComeFromTimestamps() throws Exception {
        StreamInfo info = StreamInfo.create("cli-gap", "Test", 1, 100, ChannelFormat.DOUBLE64, "cli-gap-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, LslConfig.machineOnly())) {
            CompletableFuture<CommandRun> recv = CompletableFuture.supplyAsync(() ->
                    run("lsl", "receive", "--name", "cli-gap", "--duration", "1.0", "--json", "--scope", "machine"));
            assertTrue(out.waitForConsumers(5));
            for (int i = 0; i < 30; i++) if (i < 10 || i >= 15) out.pushSample(new double[]{i}, 1 + i / 100.0);
            CommandRun r = recv.get();
            JsonNode j = r.json();
            assertTrue(j.get("pattern_ok").isNull(), r.out());
            assertEquals(25, j.get("samples").asLong(), r.out());
            assertEquals(1, j.get("gaps").asLong(), r.out());
            assertEquals(5, j.get("missing_samples").asLong(), r.out());
        }
    }

    @Test
    void listFindsStreamsAndReceiveNamesAMissingStream() throws Exception {
        StreamInfo info = StreamInfo.create("cli-listed", "EEG", 4, 250, ChannelFormat.INT32, "cli-listed-src");
        try (StreamOutlet out = new StreamOutlet(info, 10, LslConfig.machineOnly())) {
            CommandRun r = run("lsl", "list", "--once", "--json", "--wait", "0.6", "--scope", "machine");
            assertEquals(0, r.code(), r.out());
            boolean seen = false;
            for (JsonNode s : r.json().get("streams")) {
                if (s.get("uid").asText().equals(out.info().uid())) {
                    seen = true;
                    assertEquals("EEG", s.get("type").asText());
                    assertEquals(4, s.get("channel_count").asInt());
                    assertEquals("int32", s.get("channel_format").asText());
                }
            }
            assertTrue(seen, r.out());
        }
        CommandRun missing = run("lsl", "receive", "--name", "nobody-here", "--timeout", "0.3", "--scope", "machine");
        assertEquals(2, missing.code());
        CommandRun badScope = run("lsl", "list", "--once", "--scope", "galaxy");
        assertEquals(2, badScope.code());
    }
}
