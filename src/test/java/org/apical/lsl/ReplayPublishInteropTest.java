package org.apical.lsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apical.CommandRun;
import org.apical.replay.ForeignRecording;
import org.apical.stream.ChannelFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay FILE --publish} into a real liblsl inlet started at the same moment as the replay (the case where it
 * once received 716 of 876 samples, from index 160): the replay waits for the inlet, which gets every sample.
 */
class ReplayPublishInteropTest {
    static final int N = 300;
    static LibLsl lsl;

    @TempDir Path dir;

    @BeforeAll
    static void load() { lsl = LiblslPeer.get(); }

    @Test
    void aLiblslInletStartedWithTheReplayGetsEverySampleFromIndexZero() throws Exception {
        Path file = ForeignRecording.write(dir.resolve("labrecorder.xdf"), "LibScope", N);
        CompletableFuture<CommandRun> replay = CompletableFuture.supplyAsync(() -> CommandRun.of("replay",
                file.toString(), "--publish", "--scope", "machine", "--speed", "5x", "--json"));
        List<MemorySegment> found = lsl.resolveByProp("name", "LibScope", 1, 20);
        assertEquals(1, found.size(), "liblsl finds the published stream");
        MemorySegment inlet = lsl.createInlet(found.getFirst(), 360, 0, true);
        try (Arena arena = Arena.ofConfined()) {
            lsl.openStream(inlet, 20);
            MemorySegment buf = LibLsl.buffer(arena, ChannelFormat.FLOAT32, ForeignRecording.CHANNELS);
            double first = 0;
            for (int i = 0; i < N; i++) {
                double ts = lsl.pullSample(inlet, ChannelFormat.FLOAT32, buf, ForeignRecording.CHANNELS, 20);
                assertTrue(ts != 0, "sample " + i + " reached the liblsl inlet");
                assertEquals(i, LiblslPeer.get(buf, ChannelFormat.FLOAT32, 0), 0, "every sample, in order, from index 0");
                assertEquals(-i, LiblslPeer.get(buf, ChannelFormat.FLOAT32, 1), 0);
                if (i == 0) first = ts;
                assertEquals(i / ForeignRecording.RATE, ts - first, 1e-6, "recorded spacing of sample " + i);
            }
        } finally {
            lsl.destroyInlet(inlet);
            for (MemorySegment m : found) lsl.destroyStreamInfo(m);
        }
        CommandRun r = replay.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode j = r.json();
        assertEquals(N + ForeignRecording.markers(N), j.get("samples").asLong());
        assertEquals("LibScope", j.get("consumed_streams").get(0).asText(), j.toString());
    }
}
