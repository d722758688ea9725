package org.apical.information;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apical.stream.ChannelFormat;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;
import org.apical.stream.XmlElement;
import org.apical.xdf.XdfWriter;

/**
 * Writes an Apical session recording in the session-file layout: the input stream (float32, soma + dendrite
 * channels with label/type/neuron/x_um/y_um in desc), ApicalDecoder, ApicalEvents markers as TaskEvent writes
 * them, and ApicalRewards/ApicalConfig. Hit trials raise the first half of the somata after feedback start, so
 * hit vs miss carries information the analysis must find.
 */
final class SessionRecordingFile {
    static final double RATE = 20;
    static final double T0 = 1000;

    /** What was written: per completed trial its outcome, in order; and the aborted trials. */
    record Written(Path file, List<String> outcomes, int aborted, double[] x, double[] y, int neurons) {
        long hits() { return outcomes.stream().filter("hit"::equals).count(); }
        long misses() { return outcomes.size() - hits(); }
    }

    static Written write(Path file, int neurons, int trials, boolean withEvents, long seed) throws IOException {
        Random rnd = new Random(seed);
        double[] x = new double[neurons];
        double[] y = new double[neurons];
        StringBuilder desc = new StringBuilder("<channels>");
        for (int ch = 0; ch < 2 * neurons; ch++) {
            int i = ch % neurons;
            if (ch < neurons) { x[i] = 17.0 * i; y[i] = 5.0 * (i % 4); }
            desc.append(String.format(Locale.ROOT, "<channel><label>%s-%d</label><type>%s</type><neuron>%d</neuron>"
                    + "<x_um>%.3f</x_um><y_um>%.3f</y_um></channel>", ch < neurons ? "soma" : "dendrite", i,
                    ch < neurons ? "soma" : "dendrite", i, x[i], y[i]));
        }
        desc.append("</channels>");
        List<String> outcomes = new ArrayList<>();
        int aborted = 0;
        try (XdfWriter w = XdfWriter.create(file)) {
            int in = w.addStream(StreamInfo.recorded("ApicalSim", "Imaging", 2 * neurons, RATE, ChannelFormat.FLOAT32,
                    "sim-1").withDesc(desc("<desc>" + desc + "</desc>")));
            int dec = w.addStream(StreamInfo.recorded("ApicalDecoder", "Decoder", 11, RATE, ChannelFormat.DOUBLE64, "dec"));
            int ev = withEvents ? w.addStream(StreamInfo.recorded("ApicalEvents", "Markers", 1, 0, ChannelFormat.STRING,
                    "ev")) : -1;
            int rew = w.addStream(StreamInfo.recorded("ApicalRewards", "Markers", 1, 0, ChannelFormat.STRING, "rew"));
            int cfg = w.addStream(StreamInfo.recorded("ApicalConfig", "Config", 1, 0, ChannelFormat.STRING, "cfg"));
            w.appendStrings(cfg, T0, "rig: sim");
            if (ev > 0) w.appendStrings(ev, T0, "session_start");
            double trialLen = 4.0;
            double lead = 35.0; // longer than the 30 s dF/F baseline
            int samples = (int) Math.round((lead + trials * trialLen + 3) * RATE);
            // Per trial: start at lead + k*len, feedback 0.5 s later, outcome 3 s after start.
            String[] outcome = new String[trials];
            for (int k = 0; k < trials; k++) {
                outcome[k] = k % 7 == 3 ? "aborted" : rnd.nextDouble() < 0.5 ? "hit" : k % 2 == 0 ? "timeout"
                        : "floor_fail";
            }
            int next = 0;
            List<double[]> pending = new ArrayList<>();
            float[] f = new float[2 * neurons];
            for (int s = 0; s < samples; s++) {
                double t = T0 + s / RATE;
                double rel = t - T0 - lead;
                int k = rel >= 0 ? (int) (rel / trialLen) : -1;
                double inTrial = rel - k * trialLen;
                boolean boost = k >= 0 && k < trials && outcome[k].equals("hit") && inTrial >= 0.5 && inTrial < 2.0;
                for (int ch = 0; ch < 2 * neurons; ch++) {
                    double v = 100 + 5 * rnd.nextGaussian();
                    if (boost && ch < neurons / 2) v += 15;
                    f[ch] = (float) v;
                }
                w.appendFloats(in, t, f);
                double[] d = new double[11];
                d[9] = Math.max(0, k);
                w.appendNumeric(dec, t, d);
                if (ev > 0 && k >= 0 && k < trials) {
                    // events at the first sample at or after their time
                    double start = T0 + lead + k * trialLen;
                    int trial = k + 1;
                    if (next == k && t >= start) {
                        w.appendStrings(ev, start, "trial_start trial=" + trial);
                        pending.add(new double[] {start + 0.5, trial, 0});
                        pending.add(new double[] {start + (outcome[k].equals("aborted") ? 1.0 : 3.0), trial, 1});
                        next++;
                    }
                    while (!pending.isEmpty() && pending.getFirst()[0] <= t) {
                        double[] p = pending.removeFirst();
                        int tr = (int) p[1];
                        String o = outcome[tr - 1];
                        if (p[2] == 0) w.appendStrings(ev, p[0], "feedback_start trial=" + tr);
                        else if (o.equals("hit")) {
                            w.appendStrings(ev, p[0], "hit trial=" + tr + " time_to_target=1.23");
                            w.appendStrings(ev, p[0], "reward trial=" + tr + " volume_ul=4.0");
                            w.appendStrings(rew, p[0], "reward trial=" + tr + " volume_ul=4.0");
                        } else if (o.equals("aborted")) {
                            w.appendStrings(ev, p[0], "trial_aborted trial=" + tr + " reason=paused");
                        } else {
                            w.appendStrings(ev, p[0], o + " trial=" + tr);
                        }
                    }
                }
            }
            for (String o : outcome) {
                if (o.equals("aborted")) aborted++;
                else outcomes.add(o.equals("hit") ? "hit" : "miss");
            }
            if (ev > 0) w.appendStrings(ev, T0 + samples / RATE, "session_end trials=" + trials);
        }
        return new Written(file, outcomes, aborted, x, y, neurons);
    }

    private static XmlElement desc(String xml) {
        try {
            return StreamInfoXml.parseTree(xml);
        } catch (InfoXmlException e) {
            throw new IllegalStateException("the test's own desc does not parse", e);
        }
    }
}
