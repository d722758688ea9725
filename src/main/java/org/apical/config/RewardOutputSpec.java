package org.apical.config;

/**
 * One reward output named in a rig file ({@code reward.outputs[i]}, chosen by {@code type}). The factory in
 * {@code org.apical.reward.RewardOutputs} switches over this sealed family, so a new kind added here is a compile
 * error there until it is wired.
 */
public sealed interface RewardOutputSpec {

    /** The name the operator sees in summaries and errors. */
    String name();

    /** One phrase for the session graph, e.g. "serial valve 0 on /dev/ttyACM0". */
    default String describe() {
        return switch (this) {
            case Simulated s -> "simulated";
            case Serial s -> "serial valve " + s.valve() + " on " + s.port();
            case LslMarker m -> "LSL marker stream '" + m.streamName() + "'";
        };
    }

    /** Counts and logs rewards; no hardware. */
    record Simulated(String name) implements RewardOutputSpec {
        public Simulated() { this("simulated"); }
    }

    /**
     * A valve controller on a serial port speaking the apical_valve line protocol (docs/reward.md).
     *
     * @param valve              which valve channel of the controller (also the key of its calibration)
     * @param ackTimeoutMs       an OPEN not acknowledged within this is an error the operator sees
     * @param heartbeatIntervalMs a PING is sent this often; the device must answer each with a PONG
     * @param heartbeatMisses    this many unanswered PINGs in a row and the device counts as gone
     * @param connectTimeoutMs   how long to wait for the device's HELLO after opening the port (an Arduino Uno
     *                           resets when the port opens and needs about 1.6 s)
     * @param maxDelayMs         a reward that could not be sent within this of its decision is dropped: a late
     *                           reward rewards the wrong behaviour
     */
    record Serial(String name, String port, int baud, int valve, double ackTimeoutMs, double heartbeatIntervalMs,
                  int heartbeatMisses, double connectTimeoutMs, double maxDelayMs) implements RewardOutputSpec {}

    /** A string marker stream of reward events, for hardware bridges and other LSL tools. */
    record LslMarker(String name, String streamName, String sourceId) implements RewardOutputSpec {}

    static RewardOutputSpec read(ConfigNode n) {
        String type = n.choice("type", "simulated", "simulated", "serial", "lsl-marker");
        RewardOutputSpec spec = switch (type) {
            case "serial" -> readSerial(n);
            case "lsl-marker" -> new LslMarker(n.string("name", "lsl-marker"), n.string("stream", "ApicalRewards"),
                    n.string("source_id", "apical-rewards"));
            default -> new Simulated(n.string("name", "simulated"));
        };
        n.finish();
        return spec;
    }

    private static Serial readSerial(ConfigNode n) {
        String port = n.requiredString("port");
        String name = n.string("name", "valve " + port);
        int baud = n.integer("baud", 115_200, 300, 4_000_000);
        int valve = n.integer("valve", 0, 0, 15);
        double ack = millis(n, "ack_timeout", 50, 1, 10_000);
        double heartbeat = millis(n, "heartbeat_interval", 200, 10, 60_000);
        int misses = n.integer("heartbeat_misses", 3, 1, 100);
        double connect = millis(n, "connect_timeout", 3_000, 10, 60_000);
        double maxDelay = millis(n, "max_delay", 200, 1, 60_000);
        return new Serial(name, port, baud, valve, ack, heartbeat, misses, connect, maxDelay);
    }

    /** A wall-clock duration in milliseconds; frame counts make no sense for a serial line. */
    private static double millis(ConfigNode n, String key, double fallbackMs, double minMs, double maxMs) {
        Duration d = Duration.read(n, key, Duration.seconds(fallbackMs / 1000));
        if (d.inFrames()) {
            n.problem(key, "must be a time like '50 ms' or '0.2 s', not frames (the serial line has no frames)");
            return fallbackMs;
        }
        double ms = d.value() * 1000;
        if (ms < minMs || ms > maxMs) {
            n.problem(key, "must be between " + fmt(minMs) + " ms and " + fmt(maxMs) + " ms, found " + fmt(ms) + " ms");
            return fallbackMs;
        }
        return ms;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
