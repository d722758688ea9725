package org.apical.config;

/**
 * Where the neural data comes from: the embedded simulated rig or an LSL stream, imaging or spikes.
 * The stream is named by name/type/source_id; channel roles (soma/dendrite pairs, ROI positions) come from the
 * stream's desc metadata unless {@code pairs} overrides them. {@code max_frame_age} bounds how old (source timestamp
 * to decision, on this machine's clock) a frame may be and still earn a reward. {@code backend} picks the LSL
 * implementation: Apical's pure-Java one (default) or the system's liblsl.
 */
public record InputSection(String source, String kind, String streamName, String streamType, String sourceId,
                           String scope, Duration resolveTimeout, int[][] pairs, Duration maxFrameAge, String backend,
                           SpikeEvents events) {

    /** {@code kind: spike_events}: one sample per spike on an irregular-rate stream, binned by Apical. */
    public static final String SPIKE_EVENTS = "spike_events";

    /**
     * How a spike-event stream becomes counts per unit: bins of {@code bin} on this machine's LSL clock, each closed
     * {@code latency} after its end (so events that arrive late, or out of order, still count), the unit id read
     * from channel {@code unitChannel} (a label of the stream's channel map, or an index as text; empty: the channel
     * labelled or typed {@code unit}, or the only channel), and the units that become bin channels, ids as text in
     * channel order ({@code units: N} for ids 0 to N−1, or {@code unit_ids}); null: the units the decoder names.
     */
    public record SpikeEvents(Duration bin, Duration latency, String unitChannel, java.util.List<String> units) {
        public double binSeconds() { return bin.value(); }
        public double latencySeconds() { return latency.value(); }
    }

    /** Frames older than this when decided may not produce a hit or a reward (see TrialStateMachine). */
    public static final Duration DEFAULT_MAX_FRAME_AGE = Duration.frames(5);

    /** Spike counts reach the decision path: a counts stream ({@code spikes}) or Apical's bins of spike events. */
    public boolean spikes() { return "spikes".equals(kind) || SPIKE_EVENTS.equals(kind); }
    /** The stream carries one sample per spike; Apical bins it ({@link #events()}). */
    public boolean spikeEvents() { return SPIKE_EVENTS.equals(kind); }
    public boolean simulated() { return "sim".equals(source); }
    /** {@code source: frames}: raw imaging frames, turned into ROI values in process (the rig file's frames section). */
    public boolean frames() { return "frames".equals(source); }
    /** {@code backend: native}: the session reads its LSL input (and publishes its own streams) through liblsl. */
    public boolean nativeBackend() { return "native".equals(backend); }

    static InputSection read(ConfigNode n) {
        String source = n.choice("source", "sim", "sim", "lsl", "frames");
        String kind = n.choice("kind", "imaging", "imaging", "spikes", SPIKE_EVENTS);
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
        if (timeout.inFrames() || timeout.value() <= 0) {
            // before the stream is found there are no frames to count
            n.problem("resolve_timeout", "must be a time above zero like '10 s', found '" + timeout + "'");
            timeout = Duration.seconds(10);
        }
        int[][] pairs = readPairs(n);
        Duration maxAge = Duration.read(n, "max_frame_age", DEFAULT_MAX_FRAME_AGE);
        if (maxAge.value() <= 0) {
            n.problem("max_frame_age", "must be longer than zero (every frame would be too old to reward), found '"
                    + maxAge + "'");
        }
        // java: Apical's own LSL (no native code); native: the system's liblsl through java.lang.foreign
        String backend = n.choice("backend", "java", "java", "native");
        SpikeEvents events = SPIKE_EVENTS.equals(kind) ? readSpikeEvents(n) : null;
        if (events == null) {
            for (String k : new String[] {"bin", "bin_latency", "unit_channel", "units", "unit_ids"}) {
                if (n.has(k)) n.problem(k, "applies to kind: " + SPIKE_EVENTS + " only (kind is '" + kind + "')");
            }
        }
        if (events != null && "native".equals(backend)) {
            n.problem("backend", "native is not available with kind: " + SPIKE_EVENTS
                    + " (spike events are read by Apical's own inlet); use backend: java");
        }
        n.finish();
        return new InputSection(source, kind, name, type, sid, scope, timeout, pairs, maxAge, backend, events);
    }

    private static SpikeEvents readSpikeEvents(ConfigNode n) {
        Duration bin = Duration.read(n, "bin", Duration.seconds(0.05));
        if (bin.inFrames() || !(bin.value() >= 1e-4)) {
            n.problem("bin", "must be a time of at least 0.1 ms, like '50 ms', found '" + bin + "'");
            bin = Duration.seconds(0.05);
        }
        Duration latency = Duration.read(n, "bin_latency", Duration.seconds(0.005));
        if (latency.inFrames() || latency.value() > 10) {
            n.problem("bin_latency", "must be a time from 0 to 10 s, like '5 ms', found '" + latency + "'");
            latency = Duration.seconds(0.005);
        }
        if (latency.value() > 1000 * bin.value()) {
            // the open bins are preallocated: a lateness of thousands of bins would hold them all
            n.problem("bin_latency", "must be at most 1,000 bins (" + bin + " each), found '" + latency + "'");
            latency = Duration.seconds(0.005);
        }
        String unitChannel = n.has("unit_channel") ? n.string("unit_channel", "").trim() : "";
        java.util.List<String> units = null;
        if (n.has("units") && n.has("unit_ids")) {
            n.problem("unit_ids", "give either units (a count: ids 0 to N-1) or unit_ids (a list), not both");
        } else if (n.has("units")) {
            int count = n.integer("units", 1, 1, 1_000_000);
            String[] ids = new String[count];
            for (int i = 0; i < count; i++) ids[i] = Integer.toString(i);
            units = java.util.List.of(ids);
        } else if (n.has("unit_ids")) {
            units = n.stringList("unit_ids", java.util.List.of()).stream().map(String::trim).toList();
            if (units.isEmpty()) n.problem("unit_ids", "must name at least one unit id");
            if (new java.util.HashSet<>(units).size() != units.size()) {
                n.problem("unit_ids", "names a unit twice; every unit id is one bin channel");
            }
        }
        return new SpikeEvents(bin, latency, unitChannel, units);
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
