package org.apical.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apical.cli.Main;
import org.apical.lsl.InletOptions;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.lsl.StreamInlet;
import org.apical.sim.Pacer;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A demo session recorded to XDF as a user runs it, read back, and replayed through the same pipeline. */
class SessionRecordingAndReplayTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    static Path inProcess;
    static Path overLsl;

    record Run(int exit, String out) {
        JsonNode json() throws Exception {
            String[] lines = out.strip().split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }

    static synchronized Run apical(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.commandLine().execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @BeforeAll
    static void recordTwoDemoSessions() {
        inProcess = dir.resolve("in-process.xdf");
        overLsl = dir.resolve("over-lsl.xdf");
        Run a = apical("demo", "--speed", "max", "--duration", "150", "--in-process", "--seed", "3", "--quiet",
                "--out", inProcess.toString(), "--json");
        assertEquals(0, a.exit(), a.out());
        assertEquals(0, a.exit(), a.out());
        Run b = apical("demo", "--speed", "max", "--duration", "150", "--seed", "3", "--quiet",
                "--out", overLsl.toString(), "--json");
        assertEquals(0, b.exit(), b.out());
        try {
            assertEquals(0, a.json().get("recording").get("dropped").asLong(), "an unpaced session waits for the disk");
            assertEquals(0, b.json().get("recording").get("dropped").asLong());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theSessionFileHoldsEveryStreamAndTheDefinitionsWithTheirHashes() throws Exception {
        XdfFile f = XdfReader.read(inProcess);
        assertTrue(!f.truncated());
        XdfStream input = stream(f, "ApicalSim");
        XdfStream decoder = stream(f, "ApicalDecoder");
        assertEquals(4500, input.samples(), "150 s at 30 Hz, every frame as received");
        assertEquals(100, input.header().channelCount());
        assertEquals(4500, decoder.samples());
        assertTrue(input.header().desc().child("ground_truth") != null, "the channel map and ground truth travel along");
        XdfStream events = stream(f, "ApicalEvents");
        assertEquals("session_start", events.string(0, 0));
        long rewardsInDecoder = 0;
        for (int i = 0; i < decoder.samples(); i++) if (decoder.value(i, 10) != 0) rewardsInDecoder++;
        assertEquals(rewardsInDecoder, stream(f, "ApicalRewards").samples(), "each reward flagged once, marked once");
        XdfStream config = stream(f, "ApicalConfig");
        String rig = Files.readString(ROOT.resolve("rigs/sim.yaml"));
        assertEquals(rig, config.string(0, 0), "the rig file as loaded");
        assertEquals(Files.readString(ROOT.resolve("decoders/default.yaml")), config.string(0, 1));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rig.getBytes(StandardCharsets.UTF_8)));
        assertTrue(StreamInfoXml.full(config.header()).contains("<sha256>" + sha + "</sha256>"), "the rig file's hash is recorded");
    }

    @Test
    void replayWithTheRecordedDefinitionsIsBitIdentical() throws Exception {
        for (Path file : List.of(inProcess, overLsl)) {
            Run r = apical("replay", file.toString(), "--quiet", "--json");
            assertEquals(0, r.exit(), r.out());
            JsonNode j = r.json();
            assertEquals(4500, j.get("frames").asInt());
            assertTrue(j.get("angles_identical").asBoolean(), file + ": " + r.out());
            assertTrue(j.get("outcomes_identical").asBoolean(), file + ": " + r.out());
            assertTrue(j.get("rewards_identical").asBoolean(), file + ": " + r.out());
            assertTrue(j.get("trials").asInt() > 5);
        }
    }

    @Test
    void replayWithAnotherDecoderReportsWhatChanges() throws Exception {
        Path stricter = dir.resolve("stricter.yaml");
        Files.writeString(stricter, Files.readString(ROOT.resolve("decoders/default.yaml"))
                .replace("chance: 0.3 ", "chance: 0.05"));
        Run r = apical("replay", inProcess.toString(), "--decoder", stricter.toString(), "--quiet", "--json");
        assertEquals(0, r.exit(), r.out());
        JsonNode j = r.json();
        assertEquals("changed", j.get("definitions").asText());
        assertTrue(j.get("angles_identical").isNull());
        int recordedHits = j.get("recorded").get("hits").asInt();
        assertTrue(j.get("hits").asInt() < recordedHits, "a stricter threshold gives fewer hits: "
                + j.get("hits") + " vs " + recordedHits);
    }

    @Test
    void aFileWithoutDefinitionsOrInputIsAClearError() throws Exception {
        Path bogus = dir.resolve("bogus.xdf");
        Files.writeString(bogus, "not xdf at all");
        Run r = apical("replay", bogus.toString());
        assertEquals(2, r.exit());
    }

    @Test
    void publishReStreamsTheRecordingWithItsSpacingAndMetadata() throws Exception {
        XdfFile f = XdfReader.read(inProcess);
        XdfStream input = stream(f, "ApicalSim");
        try (RecordedStreamPublisher p = new RecordedStreamPublisher(f, LslConfig.machineOnly())) {
            StreamInfo info = Resolver.find(LslConfig.machineOnly(), "ApicalSim", "Imaging", input.header().sourceId(), 5);
            assertTrue(info != null, "the recorded stream is discoverable again");
            assertTrue(info.desc().path("channels") != null, "with its recorded desc");
            StreamInlet inlet = new StreamInlet(info, InletOptions.defaults().withConfig(LslConfig.machineOnly()));
            assertEquals(List.of("ApicalSim"), p.awaitConsumers(20, 0).consumed(), "the inlet is connected");
            Thread t = new Thread(() -> {
                try {
                    p.run(new Pacer(50));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            double[] row = new double[100];
            double firstTs = inlet.pullSample(row, 5);
            assertEquals(input.value(0, 0), row[0], 0.0);
            for (int k = 1; k < 60; k++) {
                double ts = inlet.pullSample(row, 5);
                assertEquals(input.value(k, 7), row[7], 0.0, "sample " + k);
                assertEquals(input.rawTimestamps()[k] - input.rawTimestamps()[0], ts - firstTs, 1e-6,
                        "recorded spacing kept");
            }
            t.interrupt();
            t.join(2000);
            inlet.close();
        }
    }

    @Test
    void aDemoKilledWithSigkillLeavesAReadableFile() throws Exception {
        Path file = dir.resolve("killed.xdf");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.apical.cli.Main", "demo", "--in-process", "--speed", "realtime",
                "--duration", "60", "--quiet", "--out", file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && (!Files.exists(file) || Files.size(file) < 200_000)) Thread.sleep(100);
            Thread.sleep(1500); // at least one more flush after the first 200 kB
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        XdfFile f = XdfReader.read(file);
        XdfStream input = stream(f, "ApicalSim");
        assertTrue(input.samples() > 30, "more than a second of frames survived the kill: " + input.samples());
        assertEquals(stream(f, "ApicalConfig").samples(), 1);
        Run r = apical("replay", file.toString(), "--quiet", "--json");
        JsonNode j = r.json();
        assertEquals(input.samples(), j.get("frames").asInt(), "what survived replays" + r.out());
        assertNotEquals(0, j.get("frames").asInt());
    }

    static XdfStream stream(XdfFile f, String name) {
        return f.streams().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stream " + name + " in " + f.path()));
    }
}
