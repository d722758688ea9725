package org.apical.lsl;

/**
 * How an inlet buffers and post-processes.
 *
 * @param maxBufferSeconds samples kept when the caller does not pull (× rate, or × 100 for irregular streams);
 *                         the oldest are dropped beyond that and counted
 * @param maxChunk         asks the outlet to flush at least every this many samples (0 = outlet's choice)
 * @param recover          reconnect by itself when the outlet restarts (needs a non-empty source_id)
 * @param clockSync        add the latest time correction to every timestamp
 * @param dejitter         smooth timestamps of regular streams (RLS line fit, half-time SmoothingHalftime)
 * @param monotonize       never let a timestamp go backwards
 * @param config           the LSL configuration (scope, ports, time probe settings)
 * @param handshakeSeconds how long the outlet may take to send its full info (at most 5 s) and to answer the
 *                         streamfeed request; past that opening the inlet fails, naming the stream
 */
public record InletOptions(double maxBufferSeconds, int maxChunk, boolean recover, boolean clockSync,
                           boolean dejitter, boolean monotonize, LslConfig config, double handshakeSeconds) {

    public InletOptions(double maxBufferSeconds, int maxChunk, boolean recover, boolean clockSync, boolean dejitter,
                        boolean monotonize, LslConfig config) {
        this(maxBufferSeconds, maxChunk, recover, clockSync, dejitter, monotonize, config, 10);
    }

    public static InletOptions defaults() { return new InletOptions(360, 0, true, false, false, false, LslConfig.found()); }

    public InletOptions withHandshakeSeconds(double s) {
        return new InletOptions(maxBufferSeconds, maxChunk, recover, clockSync, dejitter, monotonize, config, s);
    }

    public InletOptions withConfig(LslConfig c) { return new InletOptions(maxBufferSeconds, maxChunk, recover, clockSync, dejitter, monotonize, c, handshakeSeconds); }

    public InletOptions withMaxBufferSeconds(double s) { return new InletOptions(s, maxChunk, recover, clockSync, dejitter, monotonize, config, handshakeSeconds); }

    public InletOptions withRecover(boolean r) { return new InletOptions(maxBufferSeconds, maxChunk, r, clockSync, dejitter, monotonize, config, handshakeSeconds); }

    /** liblsl's {@code proc_ALL}: clock sync, dejitter and monotonize. */
    public InletOptions withAllPostProcessing() { return new InletOptions(maxBufferSeconds, maxChunk, recover, true, true, true, config, handshakeSeconds); }

    public InletOptions withPostProcessing(boolean sync, boolean dj, boolean mono) {
        return new InletOptions(maxBufferSeconds, maxChunk, recover, sync, dj, mono, config, handshakeSeconds);
    }
}
