package org.apical.pilot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apical.config.ConfigException;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.Duration;
import org.apical.core.Frame;
import org.apical.decode.Calibration;
import org.apical.decode.EnsembleDecoder;
import org.apical.session.Session;

/**
 * Calibrates a decoder on a baseline recording of spontaneous activity so that the expected hit rate there equals a
 * chosen chance level, and writes the result as a definition a lab can run: calibration fixed (floor R, threshold T),
 * in position mode the gain that puts the edge of the target band exactly at T, and a {@code provenance} block.
 * The signal is the decoder's own (the session's normaliser and ensemble decoder over the whole recording); T and R
 * come from {@link Calibration}, the source lab's procedure.
 */
public final class DecoderCalibration {
    private DecoderCalibration() {}

    /**
     * {@code CHANCE}: simulated trials as long as the decoder's feedback period (trial length minus lead), the
     * decoder's trial count, step and floor percentile. {@code SOURCE_LAB}: the source lab's fixed procedure —
     * 200 trials of 750 frames, steps of 0.005, R = min(x) — and, given a previous day's z, the stricter z.
     */
    public enum Rule { CHANCE, SOURCE_LAB }

    public record Result(double floor, double threshold, double z, boolean carriedOver, double chance,
                         double chanceAtThreshold, double gain, int frames, int trials, int trialFrames, Rule rule,
                         double[] signal) {}

    /** @param previousZ a previous day's z (NaN: none); the stricter of it and today's sets T */
    public static Result calibrate(PilotRecording baseline, Definitions defs, double chance, Rule rule,
                                   double previousZ) {
        DecoderConfig d = baseline.check(defs);
        double[] x = signal(baseline, d, defs);
        var c = d.calibration();
        boolean lab = rule == Rule.SOURCE_LAB;
        int trials = lab ? 200 : c.simTrials();
        int trialFrames = lab ? 750 : feedbackFrames(d.task(), baseline.rate());
        Calibration.Result r = Calibration.run(x, x.length, d.smoothingFrames(), trials, trialFrames,
                lab ? 0.005 : c.step(), chance, c.seed(), lab ? 0 : c.floorPercentile(), previousZ);
        double gain = Double.NaN;
        if ("position".equals(d.mapping().mode())) {
            double way = Math.abs(defs.stimulus().targetAngle() - defs.stimulus().startAngle());
            gain = (way - defs.stimulus().tolerance()) / way;
        }
        return new Result(r.floor(), r.threshold(), r.z(), r.carriedOver(), chance, r.chanceAtThreshold(), gain,
                x.length, r.trials(), r.trialFrames(), rule, x);
    }

    /** The decoder's x = mean P+ − mean P− on every frame of the recording, as a session computes it. */
    static double[] signal(PilotRecording rec, DecoderConfig d, Definitions defs) {
        int[] channels = Session.decodedChannels(d);
        NormalisedSource source = rec.source(d, channels);
        EnsembleDecoder decoder = new EnsembleDecoder(d, defs.stimulus(), 1);
        Frame f = new Frame(rec.description().channelCount());
        double[] x = new double[rec.frames()];
        for (int i = 0; i < x.length; i++) {
            f.clear();
            source.next(f);
            decoder.decode(f);
            x[i] = f.signal;
        }
        return x;
    }

    /** The frames of a trial in which the grating follows the decoder: trial length minus the lead. */
    static int feedbackFrames(DecoderConfig.TaskTiming t, double rate) {
        return Math.max(10, frames(t.trialLength(), rate) - frames(t.lead(), rate));
    }

    private static int frames(Duration d, double rate) {
        return (int) (d.inFrames() ? d.value() : Math.round(d.value() * rate));
    }

    /**
     * Writes {@code base} with the calibration fixed to {@code r} and its provenance, then reads it back with the
     * decoder loader (so what is written is a definition Apical accepts).
     */
    public static DecoderConfig write(DecoderConfig base, Result r, PilotRecording source, Path out) throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
        ObjectNode root;
        try {
            JsonNode t = yaml.readTree(base.text());
            root = t instanceof ObjectNode o ? o : yaml.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new ConfigException(base.file() + ": cannot re-read the definition: " + e.getOriginalMessage());
        }
        ObjectNode cal = root.has("calibration") && root.get("calibration") instanceof ObjectNode o ? o
                : root.putObject("calibration");
        cal.put("auto", false);
        cal.put("floor", r.floor());
        cal.put("threshold", r.threshold());
        cal.put("chance", r.chance());
        cal.put("previous_z", r.z()); // a later day's calibration keeps the stricter of this and its own
        if (Double.isFinite(r.gain())) {
            ObjectNode m = root.has("mapping") && root.get("mapping") instanceof ObjectNode o ? o : root.putObject("mapping");
            m.put("gain", r.gain());
        }
        root.remove("provenance");
        ObjectNode p = root.putObject("provenance");
        p.put("source", source.file().toString());
        p.put("sha256", source.sha256());
        p.put("chance", r.chance());
        p.put("rule", r.rule().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        p.put("threshold", r.threshold());
        p.put("floor", r.floor());
        p.put("z", r.z());
        if (Double.isFinite(r.gain())) p.put("gain", r.gain());
        p.put("baseline_frames", r.frames());
        p.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        String text = "# " + base.name() + ", calibrated by apical pilot calibrate on " + source.file().getFileName()
                + String.format(Locale.ROOT, " for %.0f %% chance: T = %.6g, R = %.6g, z = %.4g%n# (%d simulated"
                + " trials of %d frames at random starts in its %d frames; rule %s).%n", r.chance() * 100,
                r.threshold(), r.floor(), r.z(), r.trials(), r.trialFrames(), r.frames(),
                r.rule().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                + "# The provenance block records where these numbers came from; the loader checks and keeps it.\n"
                + yaml.writeValueAsString(root);
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        return Definitions.loadDecoder(out);
    }
}
