package org.apical.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apical.CommandRun;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.StimulusConfig;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.apical.xdf.XdfWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apical pilot calibrate} on one baseline recording of spontaneous activity (a simulated animal that never
 * gets a reward, so never learns) reaches the chance level asked for on a later, held-out stretch of the same
 * animal's activity; the definition it
 * writes loads, and its provenance names the source file by its SHA-256.
 */
class CalibrationOnBaselineTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    @TempDir static Path dir;
    static Path calibrationDay;
    static Path heldOut;

    @BeforeAll
    static void recordTwoBaselines() throws Exception {
        // a decoder whose baseline period outlasts the session: no trial, no reward, the animal stays naive
        Path quiet = dir.resolve("baseline-only.yaml");
        Files.writeString(quiet, Files.readString(ROOT.resolve("decoders/default.yaml"))
                .replace("baseline: 30 s ", "baseline: 5000 s"));
        // one animal (a seed is an animal: its neurons' rates and sizes), two stretches of its spontaneous activity
        Path whole = record(quiet, 11, 2400, "baseline.xdf");
        calibrationDay = copy(whole, dir.resolve("first.xdf"), 0, 30 * 600);
        heldOut = copy(whole, dir.resolve("rest.xdf"), 30 * 600, 30 * 2400);
    }

    /** Samples [from, to) of the recording's input stream, with its header, as another tool's file. */
    static Path copy(Path source, Path target, int from, int to) throws Exception {
        XdfStream in = XdfReader.read(source).stream("ApicalSim");
        try (XdfWriter w = XdfWriter.create(target)) {
            int id = w.addStream(in.header());
            float[] row = new float[in.header().channelCount()];
            for (int i = from; i < to; i++) {
                for (int c = 0; c < row.length; c++) row[c] = (float) in.value(i, c);
                w.appendFloats(id, in.rawTimestamps()[i], row);
            }
        }
        return target;
    }

    static Path record(Path decoder, int seed, int seconds, String name) {
        Path f = dir.resolve(name);
        CommandRun r = CommandRun.of("demo", "--speed", "max", "--in-process", "--quiet", "--decoder",
                decoder.toString(), "--seed", Integer.toString(seed), "--duration", Integer.toString(seconds),
                "--out", f.toString(), "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        try {
            assertEquals(0, r.json().get("rewards").asInt(), "a baseline has no rewards");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return f;
    }

    @Test
    void theCalibratedDecoderHitsAtTheChosenChanceOnHeldOutBaselineActivity() throws Exception {
        Path out = dir.resolve("decoders/default-calibrated.yaml");
        CommandRun c = CommandRun.of("pilot", "calibrate", "--session", calibrationDay.toString(), "--decoder",
                ROOT.resolve("decoders/default.yaml").toString(), "--chance", "0.3", "--out", out.toString(), "--json");
        assertEquals(0, c.code(), c.out() + c.err());
        JsonNode j = c.json();
        assertEquals(0.3, j.get("chance_at_threshold").asDouble(), 0.05, "on the calibration day itself");

        DecoderConfig d = Definitions.loadDecoder(out);
        assertTrue(!d.calibration().auto());
        assertEquals(j.get("threshold").asDouble(), d.calibration().threshold(), 0.0);
        DecoderConfig.Provenance p = d.provenance();
        assertEquals(calibrationDay.toString(), p.source());
        assertEquals(PilotRecording.sha256(calibrationDay), p.sha256());
        assertEquals(0.3, p.chance(), 0.0);
        assertEquals(d.calibration().threshold(), p.threshold(), 0.0);
        assertEquals(d.calibration().floor(), p.floor(), 0.0);
        assertTrue(Double.isFinite(p.z()) && p.date().startsWith("20"), p.toString());

        PilotRecording day2 = PilotRecording.read(heldOut, null, Definitions.loadRig(ROOT.resolve("rigs/sim.yaml")));
        StimulusConfig grating = Definitions.loadStimulus(ROOT.resolve("stimuli/grating.yaml"));
        PilotRun.Result r = PilotRun.openLoop(day2, OpenLoop.definitions(day2, d, null, grating), "calibrated");
        assertTrue(r.figures().trials() >= 120, "enough trials to measure a rate: " + r.figures().trials());
        assertEquals(0.3, r.figures().hitRate(), 0.1, "held-out hit rate " + r.figures());

        // the same decoder asked for a different chance reaches that one instead
        Path half = dir.resolve("decoders/default-half.yaml");
        assertEquals(0, CommandRun.of("pilot", "calibrate", "--session", calibrationDay.toString(), "--decoder",
                ROOT.resolve("decoders/default.yaml").toString(), "--chance", "0.6", "--out", half.toString()).code());
        PilotRun.Result r60 = PilotRun.openLoop(day2, OpenLoop.definitions(day2, Definitions.loadDecoder(half), null,
                grating), "calibrated-0.6");
        assertEquals(0.6, r60.figures().hitRate(), 0.1, "held-out hit rate " + r60.figures());
    }

    @Test
    void theSourceLabRuleKeepsTheStricterOfYesterdaysAndTodaysZ() throws Exception {
        Path today = dir.resolve("lab.yaml");
        CommandRun a = CommandRun.of("pilot", "calibrate", "--session", calibrationDay.toString(), "--decoder",
                ROOT.resolve("decoders/default.yaml").toString(), "--chance", "0.5", "--rule", "source-lab",
                "--out", today.toString(), "--json");
        assertEquals(0, a.code(), a.out() + a.err());
        double z = a.json().get("z").asDouble();
        assertEquals(750, a.json().get("trial_frames").asInt());
        CommandRun b = CommandRun.of("pilot", "calibrate", "--session", calibrationDay.toString(), "--decoder",
                ROOT.resolve("decoders/default.yaml").toString(), "--chance", "0.5", "--rule", "source-lab",
                "--previous-z", Double.toString(z + 1), "--out", dir.resolve("lab2.yaml").toString(), "--json");
        assertEquals(0, b.code(), b.out() + b.err());
        assertEquals(z + 1, b.json().get("z").asDouble(), 1e-9);
        assertTrue(b.json().get("carried_over").asBoolean());
        assertTrue(b.json().get("threshold").asDouble() > a.json().get("threshold").asDouble());
    }
}
