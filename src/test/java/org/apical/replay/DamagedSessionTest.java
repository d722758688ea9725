package org.apical.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apical.CommandRun;
import org.apical.core.Frame;
import org.apical.sim.Pacer;
import org.apical.xdf.XdfChunks;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real session file damaged as a bad copy or a crash damages it: every chunk stays valid, so only the streams'
 * counts, footers and timestamps can tell. {@code xdf info} must report the damage, {@code replay} must count the
 * frames that are not there, and what a cut or compressed file still holds must be read and replayed.
 */
class DamagedSessionTest {
    @TempDir static Path dir;
    static byte[] session;
    static XdfChunks chunks;
    static int input;
    static int inputSamples;

    @BeforeAll
    static void recordASession() throws Exception {
        Path file = dir.resolve("session.xdf");
        CommandRun r = CommandRun.of("demo", "--speed", "max", "--duration", "90", "--in-process", "--seed", "5",
                "--quiet", "--out", file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        session = Files.readAllBytes(file);
        chunks = XdfChunks.of(session);
        XdfFile f = XdfReader.read(file);
        input = f.stream("ApicalSim").id();
        inputSamples = f.stream("ApicalSim").samples();
        assertEquals(2700, inputSamples, "90 s at 30 Hz");
        assertTrue(chunks.samplesOf(input).length >= 3, "the input is in several chunks: " + chunks.chunks());
    }

    static Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    static JsonNode info(Path p) throws Exception {
        CommandRun r = CommandRun.of("xdf", "info", p.toString(), "--json");
        JsonNode j = r.json();
        boolean damaged = j.get("truncated").asBoolean() || !j.get("problems").isEmpty();
        assertEquals(damaged ? 1 : 0, r.code(), "exit 1 exactly when damage is reported: " + r.out() + r.err());
        return j;
    }

    static JsonNode stream(JsonNode info, String name) {
        for (JsonNode s : info.get("streams")) if (s.get("name").asText().equals(name)) return s;
        throw new AssertionError("no stream " + name + " in " + info);
    }

    static String problems(JsonNode info) { return info.get("problems").toString(); }

    /**
     * Replay decodes the input frame by frame from the mapped file; a damaged, cut or compressed file must give
     * exactly the frames the whole read gives (values to the bit, timestamps, recorded ages, gaps).
     */
    @Test
    void replayFromTheMappedFileGivesTheFramesOfTheWholeRead() throws Exception {
        int[] c = chunks.samplesOf(input);
        int cut = (chunks.chunks().get(c[1]).start() + chunks.chunks().get(c[1]).end()) / 2;
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(session);
        }
        Object[][] files = {{"whole.xdf", session, true}, {"deleted.xdf", chunks.without(c[1]), true},
                {"swapped.xdf", chunks.swapping(c[0], c[1]), true}, {"cut.xdf", Arrays.copyOf(session, cut), true},
                {"whole.xdf.gz", gz.toByteArray(), false}};
        for (Object[] f : files) {
            Path p = write((String) f[0], (byte[]) f[1]);
            RecordedSession whole = RecordedSession.read(p);
            int frames = 0;
            try (RecordedSession opened = RecordedSession.open(p)) {
                assertEquals(f[2], opened.mapped() != null, p + " mapped");
                if (opened.mapped() != null) assertEquals(0, opened.input().values().samples(), "no whole-stream array");
                assertEquals(whole.xdf().problems(), opened.xdf().problems(), p.toString());
                assertEquals(whole.xdf().stop(), opened.xdf().stop(), p.toString());
                assertEquals(whole.eventMarkers(), opened.eventMarkers(), p.toString());
                var d = org.apical.lsl.StreamDescriptions.of(whole.input().header(), null, false);
                Pacer unpaced = new Pacer(Double.POSITIVE_INFINITY);
                XdfFrameSource expected = new XdfFrameSource(whole.input(), d, unpaced, whole.decoder());
                XdfFrameSource actual = XdfFrameSource.of(opened, d, unpaced, opened.decoder());
                Frame e = new Frame(d.channelCount()), a = new Frame(d.channelCount());
                while (true) {
                    boolean more = expected.next(e);
                    assertEquals(more, actual.next(a), p + " frame " + frames);
                    if (!more) break;
                    for (int ch = 0; ch < e.raw.length; ch++) {
                        assertEquals(Double.doubleToRawLongBits(e.raw[ch]), Double.doubleToRawLongBits(a.raw[ch]),
                                p + " frame " + frames + " channel " + ch);
                    }
                    assertEquals(e.timestamp, a.timestamp, p + " frame " + frames);
                    assertEquals(Double.doubleToRawLongBits(e.age), Double.doubleToRawLongBits(a.age), p + " age");
                    assertEquals(e.gapBefore, a.gapBefore, p + " gap before frame " + frames);
                    frames++;
                }
            }
            assertEquals(whole.input().samples(), frames, p.toString());
            assertTrue(frames >= chunks.chunks().get(c[0]).samples(), p + ": " + frames);
        }
    }

    @Test
    void theUndamagedSessionHasNoProblems() throws Exception {
        JsonNode j = info(write("whole.xdf", session));
        assertEquals("[]", problems(j));
        assertEquals(0, stream(j, "ApicalSim").get("missing_samples").asLong());
    }

    @Test
    void aDeletedInputChunkIsReportedAndReplayCountsItsFramesAsDropped() throws Exception {
        int[] inputChunks = chunks.samplesOf(input);
        for (int which : new int[] {inputChunks[1], inputChunks[inputChunks.length - 1], inputChunks[0]}) {
            int lost = chunks.chunks().get(which).samples();
            Path p = write("deleted-" + which + ".xdf", chunks.without(which));
            JsonNode j = info(p);
            assertTrue(problems(j).contains("stream 'ApicalSim'") && problems(j).contains(lost + " missing"),
                    "chunk " + which + ": " + problems(j));
            CommandRun r = CommandRun.of("replay", p.toString(), "--quiet", "--json");
            assertEquals(inputSamples - lost, r.json().get("frames").asInt(), r.out());
            // every chunk's first timestamp is stored, so the next chunk's are not deduced across the lost one
            assertEquals(lost, stream(j, "ApicalSim").get("missing_samples").asLong(), problems(j));
            assertEquals(lost, r.json().get("dropped").asLong(), "chunk " + which + ": " + r.out());
            assertTrue(r.out().contains("dropped " + lost), r.out());
            assertTrue(r.out().contains("file problem: "), r.out());
        }
    }

    @Test
    void aRepeatedChunkIsReported() throws Exception {
        int which = chunks.samplesOf(input)[1];
        JsonNode j = info(write("repeated.xdf", chunks.duplicating(which)));
        int extra = chunks.chunks().get(which).samples();
        assertTrue(problems(j).contains(extra + " too many"), problems(j));
        assertTrue(stream(j, "ApicalSim").get("out_of_order").asLong() > 0, problems(j));
    }

    @Test
    void swappedChunksAreReportedAsTimestampsOutOfOrder() throws Exception {
        int[] c = chunks.samplesOf(input);
        JsonNode j = info(write("swapped.xdf", chunks.swapping(c[0], c[1])));
        assertTrue(problems(j).contains("stream 'ApicalSim'") && problems(j).contains("timestamps go back"),
                problems(j));
        assertEquals(1, stream(j, "ApicalSim").get("out_of_order").asLong());
    }

    @Test
    void aCutGzipRecordingIsReadUpToWhereItDecompresses() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(session);
        }
        byte[] whole = gz.toByteArray();
        Path p = write("cut.xdf.gz", Arrays.copyOf(whole, whole.length * 2 / 3));
        JsonNode j = info(p);
        assertTrue(j.get("truncated").asBoolean(), j.toString());
        long read = stream(j, "ApicalSim").get("samples").asLong();
        assertTrue(read > 0 && read < inputSamples, "some but not all input samples: " + read);

        XdfFile f = XdfReader.read(p);
        assertTrue(f.truncated());
        assertEquals(read, f.stream("ApicalSim").samples());
    }

    @Test
    void aSessionCutShortReplaysUpToTheCut() throws Exception {
        int[] c = chunks.samplesOf(input);
        // cut inside the second input chunk: a session killed while writing its first seconds of data
        int cut = (chunks.chunks().get(c[1]).start() + chunks.chunks().get(c[1]).end()) / 2;
        Path p = write("cut.xdf", Arrays.copyOf(session, cut));
        CommandRun r = CommandRun.of("replay", p.toString(), "--quiet", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        int frames = chunks.chunks().get(c[0]).samples();
        assertEquals(frames, r.json().get("frames").asInt(), r.out());
        assertTrue(r.json().get("angles_identical").asBoolean(), r.out());
        assertTrue(r.out().contains("truncated"), r.out());
    }

    /**
     * Input frames missing from the middle of the file (a chunk lost): the live session decided on them, the replay
     * never sees them, so the decisions after the hole cannot be reproduced. Replay compares up to the hole and says
     * the rest is not comparable, instead of reporting every later decision as different.
     */
    @Test
    void aHoleInTheInputIsComparedUpToItAndWhatFollowsIsNotComparableRatherThanDifferent() throws Exception {
        int[] c = chunks.samplesOf(input);
        assertTrue(c.length >= 4, "an input chunk with chunks before and after it");
        // the third chunk: trials have started and ended before the hole, so outcomes are compared too
        int before = chunks.chunks().get(c[0]).samples() + chunks.chunks().get(c[1]).samples();
        int lost = chunks.chunks().get(c[2]).samples();
        Path p = write("hole.xdf", chunks.without(c[2]));
        CommandRun r = CommandRun.of("replay", p.toString(), "--quiet", "--json");
        JsonNode j = r.json();
        assertEquals(0, r.code(), "identical where comparable: " + r.out() + r.err());
        assertTrue(j.get("angles_identical").asBoolean(), r.out());
        assertTrue(j.get("rewards_identical").asBoolean(), r.out());
        assertTrue(j.get("outcomes_identical").asBoolean(), r.out());
        assertTrue(j.get("first_difference_frame").isNull(), r.out());
        assertEquals(before, j.get("compared_frames").asLong(), r.out());
        assertEquals(inputSamples - lost - before, j.get("not_comparable_frames").asLong(), r.out());
        assertEquals(lost, j.get("missing_input_frames").asLong(), r.out());
        assertEquals(1, j.get("input_holes").size(), r.out());
        assertEquals(before, j.get("input_holes").get(0).get("frame").asLong(), r.out());
        assertEquals(lost, j.get("input_holes").get(0).get("missing").asLong(), r.out());
        assertTrue(j.get("trials").asInt() >= 1, r.out());
        assertTrue(r.out().contains("angles identical: yes, up to the hole (" + before + " frames compared; "
                + (inputSamples - lost - before) + " after it not comparable)"), r.out());
        assertTrue(r.out().contains(lost + " input frames the session decided on are missing from the file before frame "
                + before), r.out());
    }
}
