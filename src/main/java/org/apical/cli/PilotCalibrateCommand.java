package org.apical.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.RigConfig;
import org.apical.config.StimulusConfig;
import org.apical.core.UserException;
import org.apical.pilot.DecoderCalibration;
import org.apical.pilot.OpenLoop;
import org.apical.pilot.PilotRecording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code apical pilot calibrate --session BASELINE.xdf --decoder D --chance 0.3 --out D-calibrated.yaml}. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Set a decoder's threshold and floor (and the gain in position mode) so",
                "that the expected hit rate on a baseline recording of spontaneous activity",
                "is the chance level asked for; write it as a definition with its",
                "provenance (source file and SHA-256, chance, T, R, z, date)."})
public final class PilotCalibrateCommand implements Callable<Integer> {
    @Option(names = "--session", required = true, paramLabel = "BASELINE.xdf", description = "Baseline recording.")
    Path session;

    @Option(names = "--decoder", required = true, description = "Decoder file to calibrate.")
    String decoder;

    @Option(names = "--chance", description = "Expected hit rate on the baseline (default: the decoder's"
            + " calibration.chance).")
    Double chance;

    @Option(names = "--rule", defaultValue = "chance", description = "chance (trials as long as the decoder's"
            + " feedback period) or source-lab (200 trials of 750 frames, R = min(x), the stricter z with"
            + " --previous-z) (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = "--previous-z", description = "A previous day's z: the stricter of it and today's sets T.")
    Double previousZ;

    @Option(names = "--out", required = true, paramLabel = "FILE.yaml", description = "The calibrated definition.")
    Path out;

    @Option(names = "--stream", description = "The input stream by name, for files with several numeric streams.")
    String stream;

    @Option(names = "--rig", defaultValue = "rigs/sim.yaml", description = "Rig for a recording that holds none"
            + " (default: ${DEFAULT-VALUE}).")
    String rig;

    @Option(names = "--stimulus", description = "Stimulus (default: the recording's own, else stimuli/grating.yaml).")
    String stimulus;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    @Override public Integer call() throws Exception {
        DecoderCalibration.Rule r = switch (rule) {
            case "chance" -> DecoderCalibration.Rule.CHANCE;
            case "source-lab" -> DecoderCalibration.Rule.SOURCE_LAB;
            default -> throw new UserException("--rule must be chance or source-lab, found '" + rule + "'");
        };
        RigConfig fallbackRig = Definitions.loadRig(UserFiles.resolve(rig));
        PilotRecording rec = PilotRecording.read(session, stream, fallbackRig);
        DecoderConfig d = Definitions.loadDecoder(UserFiles.resolve(decoder));
        double c = chance != null ? chance : d.calibration().chance();
        if (!(c > 0 && c < 1)) throw new UserException("--chance must be between 0 and 1 (exclusive), found " + c);
        StimulusConfig given = stimulus == null ? null : Definitions.loadStimulus(UserFiles.resolve(stimulus));
        Definitions defs = OpenLoop.definitions(rec, d, given,
                Definitions.loadStimulus(UserFiles.resolve("stimuli/grating.yaml")));
        DecoderCalibration.Result res = DecoderCalibration.calibrate(rec, defs, c, r,
                previousZ == null ? Double.NaN : previousZ);
        DecoderConfig written = DecoderCalibration.write(d, res, rec, out);
        PrintStream o = System.out;
        o.printf(Locale.ROOT, "calibrated %s on %s (%d frames, rule %s): floor R %.6g, threshold T %.6g, z %.4g%s%n",
                d.file(), session, res.frames(), rule, res.floor(), res.threshold(), res.z(),
                res.carriedOver() ? " (the previous day's stricter z)" : "");
        o.printf(Locale.ROOT, "%d simulated trials of %d frames: %.1f %% reach T (asked for %.1f %%)%s%n", res.trials(),
                res.trialFrames(), res.chanceAtThreshold() * 100, c * 100,
                Double.isFinite(res.gain()) ? String.format(Locale.ROOT, "; gain %.4g puts the target band's edge at T",
                        res.gain()) : "");
        o.println("wrote " + out + " (provenance: " + rec.sha256().substring(0, 12) + "…)");
        if (json) {
            Map<String, Object> m = Json.object();
            m.put("file", out.toString());
            m.put("source", session.toString());
            m.put("sha256", rec.sha256());
            m.put("rule", rule);
            m.put("chance", c);
            m.put("chance_at_threshold", res.chanceAtThreshold());
            m.put("floor", res.floor());
            m.put("threshold", res.threshold());
            m.put("z", Json.number(res.z()));
            m.put("carried_over", res.carriedOver());
            m.put("gain", Json.number(res.gain()));
            m.put("baseline_frames", res.frames());
            m.put("trials", res.trials());
            m.put("trial_frames", res.trialFrames());
            m.put("date", written.provenance().date());
            o.println(Json.line(m));
        }
        return 0;
    }
}
