package org.apical.spikes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.apical.CommandRun;
import org.apical.replay.RecordedSession;
import org.apical.stream.ApicalStreams;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spike-event session end to end: the simulated sorter's events binned by the session, recorded (raw events
 * beside the bins), replayed decision for decision, and the raw events binned again offline into the same bins.
 */
class SpikeEventSessionTest {

    @Test
    void aRecordedSpikeEventSessionReplaysBitIdenticallyAndItsEventsBinOfflineIntoTheSameBins(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("events.xdf");
        CommandRun demo = CommandRun.of("demo", "--spike-events", "--duration", "80", "--speed", "max", "--out",
                file.toString(), "--quiet", "--json");
        assertEquals(0, demo.code(), demo.out() + demo.err());
        JsonNode d = demo.json();
        assertEquals("spike_events", d.get("input").asText());
        JsonNode ev = d.get("spike_events");
        assertTrue(ev.get("events").asLong() > 1000, ev.toString());
        assertEquals(ev.get("events").asLong(), ev.get("counted").asLong(), "no spike of the simulated sorter is late");
        assertTrue(d.get("trials").asInt() >= 3, "the baseline ended and trials ran: " + d);

        RecordedSession rec = RecordedSession.read(file);
        assertEquals(ApicalStreams.SPIKE_BINS, rec.input().name(), "the input to replay is the bins the decoder saw");
        XdfStream raw = rec.xdf().streams().stream().filter(s -> s.name().equals("ApicalSimSpikeEvents")).findFirst()
                .orElse(null);
        assertNotNull(raw, "the raw events are recorded as received");
        assertEquals(ev.get("events").asLong(), raw.samples());
        long counted = 0;
        for (int i = 0; i < rec.input().samples(); i++) {
            for (int c = 0; c < rec.input().header().channelCount(); c++) counted += (long) rec.input().value(i, c);
        }
        double[] ends = rec.input().timestamps();
        double bin = rec.definitions().rig().input().events().binSeconds();
        long inRecordedBins = 0;
        for (double t : raw.timestamps()) if (t >= ends[0] - bin && t < ends[ends.length - 1]) inRecordedBins++;
        assertEquals(inRecordedBins, counted, "the recorded bins hold every spike of their time");

        // one binning code: the raw events binned offline on the session's grid (it starts when the session does,
        // so its first bins may be empty) give the bins the live session decided on
        var spec = rec.definitions().rig().input().events();
        double[] live = rec.input().timestamps();
        XdfStream again = RecordedSpikeEvents.bin(raw, RecordedSpikeEvents.layout(raw, spec, file.toString()),
                live[0] - bin / 2);
        assertTrue(again.samples() >= rec.input().samples(), again.samples() + " bins offline");
        for (int i = 0; i < rec.input().samples(); i++) {
            assertEquals(live[i], again.timestamps()[i], "bin " + i + " end: the offline grid is the live one");
            for (int c = 0; c < 50; c++) {
                assertEquals(rec.input().value(i, c), again.value(i, c), "bin " + i + " unit " + c);
            }
        }

        CommandRun replay = CommandRun.of("replay", file.toString(), "--quiet", "--json");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        JsonNode r = replay.json();
        assertTrue(r.get("angles_identical").asBoolean(), r.toString());
        assertTrue(r.get("outcomes_identical").asBoolean(), r.toString());
        assertTrue(r.get("rewards_identical").asBoolean(), r.toString());
        assertEquals(d.get("frames").asLong(), r.get("frames").asLong());

        // a pilot reads the raw events when asked for them, binned the same way: every recorded decision again
        CommandRun pilot = CommandRun.of("pilot", file.toString(), "--stream", "ApicalSimSpikeEvents", "--out",
                dir.resolve("pilot").toString(), "--quiet", "--json");
        assertEquals(0, pilot.code(), pilot.out() + pilot.err());
        JsonNode run = pilot.json().get("results").get(0);
        assertEquals(d.get("trials").asInt(), run.get("trials").asInt(), run.toString());
        assertEquals(d.get("hits").asInt(), run.get("hits").asInt(), run.toString());
        assertTrue(run.get("identical_to_recording").asBoolean(), run.toString());
    }

    @Test
    void unitsTheDecoderNamesButTheStreamNeverSendsAreReportedAfterTheBaselineAndUnknownOnesCounted(@TempDir Path dir)
            throws Exception {
        // unit 77 never fires (the simulated sorter numbers its units 0..49); units 10..49 are no bin's
        Path rig = dir.resolve("rig.yaml");
        java.nio.file.Files.writeString(rig, java.nio.file.Files.readString(Path.of("rigs/sim-spike-events.yaml"))
                .replace("  units: 50 ", "  unit_ids: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 77] "));
        Path decoder = dir.resolve("decoder.yaml");
        java.nio.file.Files.writeString(decoder, java.nio.file.Files.readString(Path.of("decoders/default.yaml"))
                .replace("plus: [0, 1, 2, 3, 4]", "plus: [0, 1, 2, 3, 4, 10]"));
        CommandRun demo = CommandRun.of("demo", "--rig", rig.toString(), "--decoder", decoder.toString(), "--duration",
                "35", "--speed", "max", "--no-record", "--quiet", "--json");
        assertEquals(0, demo.code(), demo.out() + demo.err());
        JsonNode ev = demo.json().get("spike_events");
        assertEquals("[\"77\"]", ev.get("silent_units").toString(), ev.toString());
        assertTrue(ev.get("unknown_units").asLong() > 100, "spikes of units 10..49 are counted, not fatal: " + ev);
        assertEquals(ev.get("events").asLong(), ev.get("counted").asLong() + ev.get("unknown_units").asLong());
        assertTrue(demo.out().contains("input: the decoder names unit 77 but stream 'ApicalSimSpikeEvents' sent no"
                + " spike of it during the baseline"), demo.out());
    }

    @Test
    void theBenchmarkBinsALiveStreamOnLoopbackAndPrintsItsFigures() throws Exception {
        CommandRun bench = CommandRun.of("bench", "spikes", "--seconds", "1", "--rate", "2000", "--units", "100", "--json");
        assertEquals(0, bench.code(), bench.out() + bench.err());
        JsonNode j = bench.json();
        assertTrue(j.get("events").asLong() > 500, j.toString());
        assertEquals(0, j.get("binning_bytes_allocated").asLong(), "binning allocates nothing per event");
        assertEquals(0, j.get("unknown_units").asLong());
        for (String f : new String[] {"binning_ns_per_event", "added_latency_us", "bin_end_to_decision_us", "transport_us"}) {
            assertNotNull(j.get(f), f + " in " + j);
        }
        assertTrue(bench.out().contains("added by binning (bin close time -> decision)"), bench.out());
    }
}
