package org.apical.config;

/**
 * Where the neural data comes from: the embedded simulated rig or an LSL stream, imaging or spikes.
 * The stream is named by name/type/source_id; channel roles (soma/dendrite pairs, ROI positions) come from the
 * stream's desc metadata unless {@code pairs} overrides them. {@code max_frame_age} bounds how old (source timestamp
 * to decision, on this machine's clock) a frame may be and still earn a reward. {@code backend} picks the LSL
 * implementation: Apical's pure-Java one (default) or the system's liblsl.
 */
public record InputSection(String source, String kind, String streamName, String streamType, String sourceId,
                           String scope, Duration resolveTimeout, int[][] pairs, Duration maxFrameAge, String backend) {

    /** Frames older than this when decided may not produce a hit or a reward (see TrialStateMachine). */
    public static final Duration DEFAULT_MAX_FRAME_AGE = Duration.frames(5);

    public boolean spikes() { return "spikes".equals(kind); }
    public boolean simulated() { return "sim".equals(source); }
    /** {@code source: frames}: raw imaging frames, turned into ROI values in process (the rig file's frames section). */
    public boolean frames() { return "frames".equals(source); }
    /** {@code backend: native}: the session reads its LSL input (and publishes its own streams) through liblsl. */
    public boolean nativeBackend() { return "native".equals(backend); }

    static InputSection read(ConfigNode n) {
        String source = n.choice("source", "sim", "sim", "lsl", "frames");
        String kind = n.choice("kind", "imaging", "imaging", "spikes");
        ConfigNode s = n.child("stream");
        String name = s.string("name", "");
        String type = s.string("type", "");
        String sid = s.string("source_id", "");
        s.finish();
        if ("lsl".equals(source) && name.isEmpty() && sid.isEmpty() && type.isEmpty()) {
            n.problem("stream", "an LSL input needs at least one of name, type, source_id to find the stream");
        }
        String scope = n.choice("scope", "site", "machine", "link", "site", "organization", "global");
        Duration timeout = Duration.read(n, "resolve_timeout", Duration.seconds(10));
        int[][] pairs = readPairs(n);
        Duration maxAge = Duration.read(n, "max_frame_age", DEFAULT_MAX_FRAME_AGE);
        if (maxAge.value() <= 0) {
            n.problem("max_frame_age", "must be longer than zero (every frame would be too old to reward), found '"
                    + maxAge + "'");
        }
        // java: Apical's own LSL (no native code); native: the system's liblsl through java.lang.foreign
        String backend = n.choice("backend", "java", "java", "native");
        n.finish();
        return new InputSection(source, kind, name, type, sid, scope, timeout, pairs, maxAge, backend);
    }

    private static int[][] readPairs(ConfigNode n) {
        if (!n.has("pairs")) return null;
        ConfigNode p = n.child("pairs");
        int[] somas = p.intList("somas", new int[0], 0, 1_000_000);
        int[] dendrites = p.intList("dendrites", new int[0], 0, 1_000_000);
        p.finish();
        if (somas.length != dendrites.length) {
            n.problem("pairs", "somas has " + somas.length + " entries but dendrites has " + dendrites.length
                    + "; they pair up one to one");
            return null;
        }
        return new int[][] {somas, dendrites};
    }
}
