package org.apical.config;

/**
 * A task duration written either in imaging frames ("15 frames") or in time ("0.5 s", "500 ms").
 * Frame counts let a definition reproduce a frame-counting reference program exactly; seconds keep a definition
 * valid across imaging rates. The state machine checks both kinds against the frames' own clock.
 */
public record Duration(double value, boolean inFrames) {
    public static final Duration ZERO = new Duration(0, false);

    public static Duration seconds(double s) { return new Duration(s, false); }
    public static Duration frames(int n) { return new Duration(n, true); }

    /** True once a state entered {@code frames} frames / {@code seconds} s ago has lasted this long. */
    public boolean elapsed(long frames, double seconds) {
        return inFrames ? frames >= value : seconds >= value - 1e-9;
    }

    /** Reads "N frames", "N s", "N ms" or a bare number of seconds. */
    public static Duration read(ConfigNode node, String key, Duration fallback) {
        if (!node.has(key)) return fallback;
        String text = node.string(key, "").trim();
        try {
            Duration d;
            if (text.endsWith("frames") || text.endsWith("frame")) {
                String n = text.replaceAll("frames?$", "").trim();
                int count = Integer.parseInt(n);
                d = frames(count);
            } else if (text.endsWith("ms")) {
                d = seconds(Double.parseDouble(text.substring(0, text.length() - 2).trim()) / 1000.0);
            } else if (text.endsWith("s")) {
                d = seconds(Double.parseDouble(text.substring(0, text.length() - 1).trim()));
            } else {
                d = seconds(Double.parseDouble(text));
            }
            if (!(d.value >= 0) || Double.isInfinite(d.value)) {
                node.problem(key, "must not be negative, found '" + text + "'");
                return fallback;
            }
            return d;
        } catch (NumberFormatException e) {
            node.problem(key, "must be a duration like '15 frames', '0.5 s' or '500 ms', found '" + text + "'");
            return fallback;
        }
    }

    @Override public String toString() {
        if (inFrames) return (long) value + " frames";
        return (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + " s";
    }
}
