package org.apical.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apical.CommandRun;
import org.apical.lsl.InletOptions;
import org.apical.lsl.LslConfig;
import org.apical.lsl.Resolver;
import org.apical.lsl.StreamInlet;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay FILE --publish} of a file of another tool, into consumers started at the same moment as the replay:
 * it waits for them, so they get every sample from the first.
 */
class ReplayPublishTest {
    static final LslConfig CFG = LslConfig.machineOnly();
    static final int N = 300;

    @TempDir Path dir;

    /** The replay, started in the background as a user starts it beside a consumer. */
    private static CompletableFuture<CommandRun> publish(Path file, String... more) {
        String[] args = new String[5 + more.length];
        System.arraycopy(new String[] {"replay", file.toString(), "--publish", "--scope", "machine"}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        return CompletableFuture.supplyAsync(() -> CommandRun.of(args));
    }

    private static StreamInlet inlet(String name) throws Exception {
        StreamInfo info = Resolver.find(CFG, name, "", "", 20);
        assertNotNull(info, "the published stream '" + name + "' is found");
        return new StreamInlet(info, InletOptions.defaults().withConfig(CFG));
    }

    @Test
    void consumersStartedWithTheReplayGetEveryStreamFromItsFirstSample() throws Exception {
        Path file = ForeignRecording.write(dir.resolve("labrecorder.xdf"), "ScopeAll", N);
        var replay = publish(file, "--speed", "5x", "--json");
        // one consumer of both streams that opens them one after the other, as a recorder does
        try (StreamInlet data = inlet("ScopeAll"); StreamInlet marks = inlet("ScopeAllMarkers")) {
            float[] row = new float[ForeignRecording.CHANNELS];
            double first = Double.NaN;
            for (int i = 0; i < N; i++) {
                double ts = data.pullSample(row, 20);
                assertTrue(ts != 0, "sample " + i + " arrived");
                assertEquals(i, row[0], 0, "the consumer gets every sample, in order, from index 0");
                assertEquals(0.5f * i, row[2], 0);
                if (i == 0) first = ts;
                assertEquals(i / ForeignRecording.RATE, ts - first, 1e-6, "recorded spacing of sample " + i);
            }
            String[] m = new String[1];
            for (int k = 0; k < ForeignRecording.markers(N); k++) {
                assertTrue(marks.pullSample(m, 20) != 0, "marker " + k + " arrived");
                assertEquals("mark " + 50 * k, m[0], "the second stream's consumer gets its first marker too");
            }
        }
        CommandRun r = replay.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals(N + ForeignRecording.markers(N), j.get("samples").asLong());
        assertEquals(2, j.get("consumed_streams").size(), "both streams had their consumer at the first sample: " + j);
        assertTrue(j.get("waited_s").asDouble() > 0, j.toString());
        assertTrue(r.out().contains("consumers of [ScopeAll, ScopeAllMarkers] after"), r.out());
    }

    @Test
    void zeroStartsAtOnceAndATimeOutStartsAnyway() throws Exception {
        Path file = ForeignRecording.write(dir.resolve("short.xdf"), "ScopeNobody", 20);
        CommandRun now = publish(file, "--speed", "100x", "--wait-for-consumer", "0", "--json").get(60, TimeUnit.SECONDS);
        assertEquals(0, now.code(), now.out() + now.err());
        assertEquals(0.0, now.json().get("waited_s").asDouble());
        assertEquals(0, now.json().get("consumed_streams").size());
        assertEquals(20 + ForeignRecording.markers(20), now.json().get("samples").asLong());

        CommandRun later = publish(file, "--speed", "100x", "--wait-for-consumer", "0.3", "--json").get(60, TimeUnit.SECONDS);
        assertEquals(0, later.code(), later.out() + later.err());
        assertTrue(later.json().get("waited_s").asDouble() >= 0.3, later.out());
        assertTrue(later.out().contains("waiting up to 0.3 s for a consumer"), later.out());
        assertTrue(later.out().contains("no consumer after 0."), later.out());
        assertEquals(20 + ForeignRecording.markers(20), later.json().get("samples").asLong(), "published all the same");
    }

    @Test
    void anyXdfPublishesAndBadInputIsAClearError() throws Exception {
        Path markersOnly = dir.resolve("markers.xdf");
        try (XdfWriter w = XdfWriter.create(markersOnly)) {
            int id = w.addStream(StreamInfo.recorded("OnlyMarkers", "Markers", 1, 0,
                    org.apical.stream.ChannelFormat.STRING, "m-1"));
            w.appendStrings(id, 1, "start");
        }
        CommandRun r = publish(markersOnly, "--wait-for-consumer", "0", "--json").get(60, TimeUnit.SECONDS);
        assertEquals(0, r.code(), "a file with no numeric stream publishes too: " + r.out() + r.err());
        assertEquals(1, r.json().get("samples").asLong());

        Path empty = dir.resolve("empty.xdf");
        try (XdfWriter w = XdfWriter.create(empty)) {
            w.addStream(StreamInfo.recorded("Nothing", "EEG", 2, 100, org.apical.stream.ChannelFormat.FLOAT32, "n"));
        }
        CommandRun e = publish(empty).get(60, TimeUnit.SECONDS);
        assertEquals(2, e.code());
        assertTrue(e.err().contains(empty + ": holds no samples to publish (streams: [Nothing])"), e.err());

        CommandRun neg = publish(markersOnly, "--wait-for-consumer", "-1").get(60, TimeUnit.SECONDS);
        assertEquals(2, neg.code());
        assertTrue(neg.err().contains("--wait-for-consumer -1.0: must be a number of seconds >= 0"), neg.err());

        Path missing = dir.resolve("nope.xdf");
        CommandRun m = publish(missing).get(60, TimeUnit.SECONDS);
        assertEquals(2, m.code());
        assertTrue(m.err().contains(missing + ": no such file"), m.err());
        assertTrue(Files.notExists(missing));
    }

    @Test
    void helpSaysAnyXdfCanBePublished() {
        CommandRun h = CommandRun.of("replay", "--help");
        assertEquals(0, h.code());
        String text = h.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("any XDF file (Apical's, LabRecorder's, any other tool's)"), h.out());
        assertTrue(text.contains("--wait-for-consumer=S"), h.out());
    }
}
