package org.apical.reward;

/**
 * The apical_valve line protocol, host side (docs/reward.md has the full grammar; the device side is
 * rigs/firmware/apical_valve/apical_valve.ino). Every line is ASCII {@code BODY*CC\n}, where CC is the XOR of the
 * BODY bytes as two upper-case hex digits, so a corrupted command can never open the valve for a wrong time.
 * Encoders write into a caller's buffer and return the length: nothing is allocated per command.
 */
public final class ValveProtocol {
    /** The protocol Apical speaks: 2 is 1 plus {@code LIMIT}; 3 is 2 plus the light channels and lick reports. */
    public static final int VERSION = 3;
    /** The first protocol with {@code LIGHT}, {@code LIGHTS} and {@code LICK}. */
    public static final int LIGHT_VERSION = 3;
    /**
     * The oldest protocol Apical still drives: a version-1 controller cannot be told the rig's bound, so it is
     * accepted only when its own maximum open time is within the rig's max_valve_open_ms.
     */
    public static final int OLDEST_VERSION = 1;
    /** Longest line either side may send, terminator included. Longer lines are garbled by definition. */
    public static final int MAX_LINE = 64;
    /** The firmware name the device announces in HELLO. */
    public static final String FIRMWARE = "apical_valve";

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ValveProtocol() {}

    /** {@code OPEN <id> <ms> <valve>}: open {@code valve} for {@code ms}; the device answers ACK or NAK. */
    public static int open(byte[] buf, long id, int ms, int valve) {
        int p = word(buf, 0, "OPEN");
        p = number(buf, space(buf, p), id);
        p = number(buf, space(buf, p), ms);
        p = number(buf, space(buf, p), valve);
        return end(buf, p);
    }

    /**
     * {@code LIMIT <ms>} (protocol 2): the host's bound on one pulse; the device keeps min(ms, its own maximum)
     * and answers {@code LIMIT <ms in force>}.
     */
    public static int limit(byte[] buf, int ms) {
        return end(buf, number(buf, space(buf, word(buf, 0, "LIMIT")), ms));
    }

    /**
     * {@code LIGHT <id> <ms> <channel>} (protocol 3): one light pulse; the device answers {@code LIT <id> <ms applied>}
     * or {@code DARK <id> <reason>} (its own pulse-length and duty-cycle bounds).
     */
    public static int light(byte[] buf, long id, int ms, int channel) {
        int p = word(buf, 0, "LIGHT");
        p = number(buf, space(buf, p), id);
        p = number(buf, space(buf, p), ms);
        p = number(buf, space(buf, p), channel);
        return end(buf, p);
    }

    /** {@code LIGHTS} (protocol 3): the device answers {@code LIGHTS <channels> <max_light_ms> <max_duty_percent>}. */
    public static int lights(byte[] buf) { return end(buf, word(buf, 0, "LIGHTS")); }

    /** {@code PING <n>}: the device answers {@code PONG <n>}. */
    public static int ping(byte[] buf, long n) {
        return end(buf, number(buf, space(buf, word(buf, 0, "PING")), n));
    }

    /** {@code STATUS}: the device reports the last request id it took and the valve's state. */
    public static int status(byte[] buf) { return end(buf, word(buf, 0, "STATUS")); }

    /** {@code CLOSE}: close every valve now; the device answers {@code CLOSED <last id>}. */
    public static int close(byte[] buf) { return end(buf, word(buf, 0, "CLOSE")); }

    /**
     * {@code \nCLOSE*56\n}: CLOSE after a newline, for writing from another thread than the agent's. The newline
     * ends any line the agent had half written (it then fails its checksum; the device ignores empty lines).
     */
    public static int urgentClose(byte[] buf) {
        buf[0] = '\n';
        int p = word(buf, 1, "CLOSE");
        int x = checksum(buf, 1, p);
        buf[p++] = '*';
        buf[p++] = HEX[x >> 4];
        buf[p++] = HEX[x & 15];
        buf[p++] = '\n';
        return p;
    }

    /** {@code HELLO}: the device answers with its firmware, protocol version, valves, limit and last id. */
    public static int hello(byte[] buf) { return end(buf, word(buf, 0, "HELLO")); }

    /** XOR of {@code buf[from, to)}. */
    public static int checksum(byte[] buf, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) x ^= buf[i] & 0xFF;
        return x;
    }

    /** Hex value of one upper-case ASCII hex digit (as the protocol writes them), or -1. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }

    private static int word(byte[] buf, int p, String w) {
        for (int i = 0; i < w.length(); i++) buf[p++] = (byte) w.charAt(i);
        return p;
    }

    private static int space(byte[] buf, int p) {
        buf[p] = ' ';
        return p + 1;
    }

    private static int number(byte[] buf, int p, long v) {
        if (v < 0) throw new IllegalArgumentException("protocol numbers are not negative: " + v);
        int digits = 1;
        for (long t = v / 10; t > 0; t /= 10) digits++;
        for (int i = p + digits - 1; i >= p; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + digits;
    }

    private static int end(byte[] buf, int p) {
        int x = checksum(buf, 0, p);
        buf[p++] = '*';
        buf[p++] = HEX[x >> 4];
        buf[p++] = HEX[x & 15];
        buf[p++] = '\n';
        return p;
    }
}
