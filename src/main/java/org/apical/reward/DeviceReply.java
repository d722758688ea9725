package org.apical.reward;

import java.nio.charset.StandardCharsets;

/**
 * One line from the valve controller, parsed in place (a flyweight: one instance reused for every line). After
 * {@link #parse} returns true, {@link #kind} says which reply it is and {@link #arg} holds its numbers in order;
 * after it returns false, {@link #problem()} says why the line is garbled.
 *
 * <pre>
 * HELLO apical_valve &lt;protocol&gt; &lt;valves&gt; &lt;max_open_ms&gt; &lt;last_id&gt;
 * ACK &lt;id&gt; &lt;ms&gt;          NAK &lt;id&gt; &lt;reason&gt;      DONE &lt;id&gt; &lt;ms&gt;
 * PONG &lt;n&gt;               CLOSED &lt;last_id&gt;         ERR &lt;reason&gt;
 * STATUS &lt;last_id&gt; &lt;last_opened 0|1&gt; &lt;open 0|1&gt; &lt;remaining_ms&gt; &lt;pulses&gt;
 * LIMIT &lt;ms in force&gt;    (protocol 2)
 * LIT &lt;id&gt; &lt;ms&gt;   DARK &lt;id&gt; &lt;reason&gt;   LIGHTS &lt;channels&gt; &lt;max_light_ms&gt; &lt;max_duty_percent&gt;
 * LICK &lt;count&gt; &lt;millis&gt;    (protocol 3; LICK comes unprompted)
 * </pre>
 */
public final class DeviceReply {
    public enum Kind { HELLO, ACK, NAK, DONE, PONG, STATUS, CLOSED, ERR, LIMIT, LIT, DARK, LIGHTS, LICK }

    private static final Kind[] KINDS = Kind.values();
    private static final int[] ARITY = {4, 2, 1, 2, 1, 5, 1, 0, 1, 2, 1, 3, 2}; // numbers after the keyword (HELLO: after its name)
    private static final boolean[] HAS_REASON = {false, false, true, false, false, false, false, true, false, false, true,
            false, false};

    public Kind kind;
    public final long[] arg = new long[5];
    private final byte[] reason = new byte[ValveProtocol.MAX_LINE];
    private int reasonLength;
    private String problem;

    /** The text after the numbers of NAK and ERR (allocates: for error messages only). */
    public String reason() { return new String(reason, 0, reasonLength, StandardCharsets.US_ASCII); }

    public String problem() { return problem; }

    /** Parses {@code line[0, length)} (without the newline; a trailing CR is tolerated). */
    public boolean parse(byte[] line, int length) {
        kind = null;
        problem = null;
        reasonLength = 0;
        if (length > 0 && line[length - 1] == '\r') length--;
        int star = -1;
        for (int i = length - 1; i >= 0; i--) {
            if (line[i] == '*') {
                star = i;
                break;
            }
        }
        if (star < 0 || star != length - 3) return fail("no checksum (a line ends *CC)");
        int hi = ValveProtocol.hexValue(line[star + 1]);
        int lo = ValveProtocol.hexValue(line[star + 2]);
        if (hi < 0 || lo < 0) return fail("checksum is not two hex digits");
        if ((hi << 4 | lo) != ValveProtocol.checksum(line, 0, star)) return fail("checksum mismatch");
        for (int i = 0; i < star; i++) {
            if (line[i] < 0x20 || line[i] > 0x7E) return fail("non-printable byte");
        }
        int p = 0;
        int end = p;
        while (end < star && line[end] != ' ') end++;
        Kind k = keyword(line, p, end);
        if (k == null) return fail("unknown reply");
        p = end;
        if (k == Kind.HELLO) {
            p = expectWord(line, p, star, ValveProtocol.FIRMWARE);
            if (p < 0) return fail("HELLO from a firmware other than " + ValveProtocol.FIRMWARE);
        }
        int n = ARITY[k.ordinal()];
        for (int i = 0; i < n; i++) {
            if (p >= star || line[p] != ' ') return fail("missing number");
            p++;
            long v = 0;
            int start = p;
            while (p < star && line[p] >= '0' && line[p] <= '9') {
                if (p - start >= 10) return fail("number too long");
                v = v * 10 + (line[p] - '0');
                p++;
            }
            if (p == start) return fail("missing number");
            arg[i] = v;
        }
        if (HAS_REASON[k.ordinal()]) {
            if (p >= star || line[p] != ' ') return fail("missing reason");
            p++;
            reasonLength = star - p;
            if (reasonLength == 0) return fail("missing reason");
            System.arraycopy(line, p, reason, 0, reasonLength);
            p = star;
        }
        if (p != star) return fail("unexpected text after the fields");
        kind = k;
        return true;
    }

    private boolean fail(String why) {
        problem = why;
        return false;
    }

    private static Kind keyword(byte[] line, int from, int to) {
        for (Kind k : KINDS) {
            String name = k.name();
            if (name.length() != to - from) continue;
            boolean same = true;
            for (int i = 0; i < name.length() && same; i++) same = line[from + i] == name.charAt(i);
            if (same) return k;
        }
        return null;
    }

    private static int expectWord(byte[] line, int p, int end, String word) {
        if (p >= end || line[p] != ' ') return -1;
        p++;
        for (int i = 0; i < word.length(); i++, p++) {
            if (p >= end || line[p] != word.charAt(i)) return -1;
        }
        return p;
    }
}
