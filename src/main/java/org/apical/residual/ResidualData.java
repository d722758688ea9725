package org.apical.residual;

import java.util.List;

/**
 * What the analysis sees of one recording (or one block / condition of one). Times in seconds, one clock.
 * The constructor checks shapes and indices, so every analysis can trust them; a problem is an
 * {@link IllegalArgumentException} naming the condition and the field.
 *
 * @param condition    e.g. the file name or the block label
 * @param frameTimes   T frame timestamps, increasing
 * @param activity     {@code [T][C]} dF/F per channel (C = all channels of the stream); NaN where unknown
 * @param pairSoma     per neuron (pair) i: its soma channel in {@code activity}
 * @param pairDendrite per neuron i: its dendrite channel in {@code activity}
 * @param neuronIds    per pair: the channel map's neuron id
 * @param roles        per pair: +1 P+, −1 P−, 0 not in the decoder
 * @param events       every somatic event with its residual (already fitted)
 * @param errorDeg     {@code [T]} angular distance of the grating to the target (deg, ≥ 0), NaN outside trials
 * @param outcomes     trial ends
 */
public record ResidualData(String condition, double rateHz, double[] frameTimes, double[][] activity,
                           int[] pairSoma, int[] pairDendrite, String[] neuronIds, int[] roles,
                           List<ResidualEvent> events, double[] errorDeg, List<Outcome> outcomes) {

    public ResidualData {
        String where = "residual data '" + condition + "': ";
        if (!(rateHz > 0) || !Double.isFinite(rateHz)) throw bad(where + "rateHz must be positive, got " + rateHz);
        if (frameTimes == null || frameTimes.length < 2) throw bad(where + "needs at least 2 frames");
        int t = frameTimes.length;
        for (int f = 1; f < t; f++) {
            if (!(frameTimes[f] > frameTimes[f - 1])) {
                throw bad(where + "frameTimes must increase (frame " + f + ": " + frameTimes[f] + " after "
                        + frameTimes[f - 1] + ")");
            }
        }
        if (activity == null || activity.length != t) {
            throw bad(where + "activity has " + (activity == null ? "no" : activity.length) + " rows but there are "
                    + t + " frames");
        }
        int c = activity[0].length;
        for (int f = 0; f < t; f++) {
            if (activity[f].length != c) {
                throw bad(where + "activity row " + f + " has " + activity[f].length + " channels, row 0 has " + c);
            }
        }
        int n = pairSoma.length;
        if (n == 0) throw bad(where + "no soma–dendrite pairs");
        if (pairDendrite.length != n || neuronIds.length != n || roles.length != n) {
            throw bad(where + "per-pair arrays differ in length: pairSoma " + n + ", pairDendrite "
                    + pairDendrite.length + ", neuronIds " + neuronIds.length + ", roles " + roles.length);
        }
        for (int i = 0; i < n; i++) {
            if (pairSoma[i] < 0 || pairSoma[i] >= c || pairDendrite[i] < 0 || pairDendrite[i] >= c) {
                throw bad(where + "pair " + i + " (neuron " + neuronIds[i] + ") names channels " + pairSoma[i] + "/"
                        + pairDendrite[i] + " but activity has " + c);
            }
            if (pairSoma[i] == pairDendrite[i]) {
                throw bad(where + "pair " + i + " (neuron " + neuronIds[i] + ") uses channel " + pairSoma[i]
                        + " for both soma and dendrite");
            }
            if (roles[i] < -1 || roles[i] > 1) {
                throw bad(where + "pair " + i + " (neuron " + neuronIds[i] + ") has role " + roles[i]
                        + "; must be +1, -1 or 0");
            }
        }
        if (errorDeg == null || errorDeg.length != t) {
            throw bad(where + "errorDeg has " + (errorDeg == null ? "no" : errorDeg.length) + " values but there are "
                    + t + " frames");
        }
        for (ResidualEvent e : events) {
            if (e.pair() < 0 || e.pair() >= n) throw bad(where + "an event names pair " + e.pair() + " of " + n);
            if (e.frame() < 0 || e.frame() >= t) {
                throw bad(where + "an event of pair " + e.pair() + " is at frame " + e.frame() + " of " + t);
            }
        }
        events = List.copyOf(events);
        outcomes = List.copyOf(outcomes);
    }

    public int frames() { return frameTimes.length; }

    public int channels() { return activity[0].length; }

    public int pairs() { return pairSoma.length; }

    /** Seconds from the first frame to one frame past the last: the period circular shifts wrap around. */
    public double duration() { return frameTimes[frames() - 1] - frameTimes[0] + 1 / rateHz; }

    /** Per neuron, its events with a finite residual in frame order (one pass over all events). */
    public List<List<ResidualEvent>> eventsByPair() {
        List<List<ResidualEvent>> out = new java.util.ArrayList<>();
        for (int i = 0; i < pairs(); i++) out.add(new java.util.ArrayList<>());
        for (ResidualEvent e : events) if (Double.isFinite(e.residual())) out.get(e.pair()).add(e);
        for (List<ResidualEvent> l : out) l.sort(java.util.Comparator.comparingInt(ResidualEvent::frame));
        return out;
    }

    private static IllegalArgumentException bad(String message) { return new IllegalArgumentException(message); }
}
