package org.apical.session;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.InputSection;
import org.apical.config.RewardOutputSpec;

/**
 * The session as a short one-way graph (Bonsai's lesson): which stream, which stages with which settings, which
 * outputs, which recording — printed by {@code run --dry-run} and at the top of every session, so an operator sees
 * what will run before a mouse is on the rig.
 */
public final class SessionGraph {
    private SessionGraph() {}

    public static List<String> lines(Definitions defs, String recording) {
        var rig = defs.rig();
        DecoderConfig d = defs.decoder();
        var s = defs.stimulus();
        InputSection in = rig.input();
        String source = in.frames() ? org.apical.imaging.FramesSetup.describe(rig.frames()) + " (" + rig.file() + ")"
                : in.simulated()
                ? String.format(Locale.ROOT, "simulated rig (%s, %d neurons, %d channels, %.0f Hz, seed %d)", rig.file(),
                rig.sim().neurons(), in.spikes() ? rig.sim().neurons() : 2 * rig.sim().neurons(), rig.sim().rateHz(),
                rig.sim().seed())
                : String.format(Locale.ROOT, "LSL stream%s%s%s, %s scope, resolve within %s (%s)",
                in.streamName().isEmpty() ? "" : " name='" + in.streamName() + "'",
                in.streamType().isEmpty() ? "" : " type='" + in.streamType() + "'",
                in.sourceId().isEmpty() ? "" : " source_id='" + in.sourceId() + "'", in.scope(), in.resolveTimeout(),
                rig.file());
        if (in.spikeEvents()) {
            var e = in.events();
            source += String.format(Locale.ROOT, "; spike events binned into %s bins per unit, each closed %s after its"
                            + " end, unit id from %s, units %s", e.bin(), e.latency(),
                    e.unitChannel().isEmpty() ? "the channel labelled 'unit'" : "channel '" + e.unitChannel() + "'",
                    e.units() == null ? "those the decoder names" : e.units().size() + " (" + e.units().getFirst()
                            + (e.units().size() > 1 ? " … " + e.units().getLast() : "") + ")");
        }
        var n = d.normalise();
        String normalise = in.spikes() ? "running z-score of rates over " + n.window()
                : "dF/F, F0 = " + ("percentile".equals(n.baseline()) ? fmt(n.percentile()) + "th percentile" : "mean")
                + " over " + n.window() + (n.zscore() ? ", divided by the baseline's spread" : "");
        var c = d.calibration();
        String calibration = c.auto()
                ? "auto on the " + d.task().baseline() + " baseline (chance " + fmt(c.chance()) + ")"
                : "fixed floor " + fmt(c.floor()) + ", threshold " + fmt(c.threshold());
        var m = d.mapping();
        String mapping = switch (m.mode()) {
            case "discrete" -> m.levels() + " discrete orientations, levels from "
                    + (m.levelsFrom().equals(DecoderConfig.Mapping.FLOOR) ? "the floor (equal bins)"
                            : "below the floor (the source lab's edges)");
            case "velocity" -> "velocity mode, gain " + fmt(m.gain()) + " °/s";
            default -> "position mode, gain " + fmt(m.gain());
        };
        var t = d.task();
        var r = rig.reward();
        StringBuilder outputs = new StringBuilder();
        for (RewardOutputSpec o : r.outputs()) {
            if (!outputs.isEmpty()) outputs.append(" + ");
            outputs.append(o.describe());
        }
        var g = s.grating();
        List<String> lines = new java.util.ArrayList<>(List.of(
                "source    " + source,
                "ingest    ring of " + rig.pipeline().ringSize() + " frames, " + rig.pipeline().waitStrategy()
                        + " wait strategy",
                "normalise " + normalise,
                "decode    P+ " + ensemble(d.plus(), d.plusLabels()) + " − P− " + ensemble(d.minus(), d.minusLabels()) + ", "
                        + d.smoothingFrames() + "-frame mean, " + mapping + ", calibration " + calibration
                        + " (" + d.file() + ")",
                "task      baseline " + t.baseline() + ", lead " + t.lead() + ", trial " + t.trialLength() + ", hold "
                        + t.hold() + ", reward delay " + t.rewardDelay() + ", post-hit " + t.postHit() + ", ITI "
                        + t.iti() + ", time-out ITI " + t.timeoutIti()
                        + (t.maxTrials() > 0 ? ", " + t.maxTrials() + " trials" : ""),
                "reward    " + fmt(r.volumeUl()) + " µl, ≥ " + r.minInterval() + " apart, ≤ " + r.maxPerSession()
                        + " per session, valve ≤ " + fmt(r.maxValveOpenMs()) + " ms, stall " + r.stallTimeout()
                        + " → " + outputs,
                "stimulus  " + g.waveform() + " grating " + fmt(g.spatialFrequencyCpd()) + " cpd, contrast "
                        + fmt(g.contrast()) + ", start " + fmt(s.startAngle()) + "°, target " + fmt(s.targetAngle())
                        + "° ± " + fmt(s.tolerance()) + "° (" + s.file() + ")",
                "residuals " + residuals(defs),
                "record    " + (recording == null ? "off" : recording)));
        var light = rig.light();
        if (light.enabled()) {
            lines.add(6, "light     " + light.mode().label() + ", " + fmt(light.pulseMs()) + " ms pulses (≤ "
                    + fmt(light.maxPulseMs()) + " ms, duty ≤ " + fmt(100 * light.maxDuty()) + " %), "
                    + light.schedule().label() + (light.schedule() == org.apical.config.LightSection.Schedule.BLOCKS
                    ? " of " + light.blockTrials() + " trials" : "") + ", first trial "
                    + (light.firstOn() ? "light-on" : "light-off") + " → " + (light.output().equals("controller")
                    ? "light channel " + light.channel() + " of the serial reward controller" : "simulated light"));
        }
        return List.copyOf(lines);
    }

    private static String residuals(Definitions defs) {
        var r = defs.rig().residuals();
        if (!r.enabled()) return "off (rig residuals.enabled: false)";
        if (defs.rig().input().spikes()) return "off (spike input has no soma–dendrite pairs)";
        return "every soma–dendrite pair of the stream, beside the loop: own dF/F (F0 " + fmt(r.baselinePercentile())
                + "th percentile over " + r.baselineWindow() + "), somatic events ≥ " + fmt(r.threshold())
                + " noise SDs, ≥ " + r.minSpacing() + " apart, dendrite within " + r.window() + "; D = a + b·S "
                + (r.robust() ? "(Huber) " : "") + (r.running() ? "running (half-life " + fmt(r.halfLifeEvents())
                + " events)" : "on the baseline") + ", classes at ±" + fmt(r.classifySds()) + " SD";
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    /** ROI indices, or the channel labels the file gives (matched to the stream's channel map at the start). */
    private static String ensemble(int[] rois, java.util.List<String> labels) {
        return labels.isEmpty() ? Arrays.toString(rois) : labels.toString();
    }
}
