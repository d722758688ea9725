package org.apical.lsl;

import java.util.List;
import java.util.Locale;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * The protocol-110 streamfeed request an inlet sends ({@code LSL:streamfeed/110 <uid>} plus headers), as parsed by
 * the outlet with liblsl's rules: lower-cased lines, {@code ;} starts a comment, key before the first {@code :}.
 * Numbers are bounded; anything unparseable is a protocol error for this connection only.
 */
record FeedRequest(int protocolVersion, String uid, int byteOrder, long endianPerformance, boolean ieeeFloats,
                   boolean supportsSubnormals, int valueSize, long maxBufferLength, long maxChunkLength, int headers) {

    static final String COMMAND = "LSL:streamfeed";
    /**
     * Value-Size sent for string streams: liblsl sends sizeof(std::string). liblsl 1.12 (old GCC ABI, 8 bytes)
     * falls back to protocol 100 when it differs from its own; 1.17 ignores it for strings. So 8 suits both.
     */
    static final int STRING_VALUE_SIZE = 8;

    /** Parses the command line (already trimmed, starting with {@code LSL:streamfeed/}) and the header lines. */
    static FeedRequest parse(String commandLine, List<String> headers) throws LslProtocolException {
        String rest = commandLine.substring(COMMAND.length() + 1).strip();
        String[] parts = rest.split("\\s+", 3);
        int version = (int) number("protocol version", parts[0], 0, 100_000);
        // liblsl parses the integer headers with std::stoi: beyond 32 bits its outlet fails and serves nothing
        String uid = parts.length > 1 ? parts[1] : "";
        int order = 1234;
        long perf = 0;
        boolean ieee = true, sub = true;
        int valueSize = 0;
        long maxBuf = 0, maxChunk = 0;
        for (String raw : headers) {
            String line = raw.toLowerCase(Locale.ROOT);
            int semi = line.indexOf(';');
            if (semi >= 0) line = line.substring(0, semi);
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "native-byte-order" -> order = (int) number(key, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "endian-performance" -> perf = (long) Double.parseDouble(checkNumber(key, value));
                case "has-ieee754-floats" -> ieee = number(key, value, 0, 1) == 1;
                case "supports-subnormals" -> sub = number(key, value, 0, 1) == 1;
                case "value-size" -> valueSize = (int) number(key, value, 0, 1 << 20);
                case "max-buffer-length" -> maxBuf = number(key, value, 0, Integer.MAX_VALUE);
                case "max-chunk-length" -> maxChunk = number(key, value, 0, Integer.MAX_VALUE);
                case "protocol-version" -> version = (int) number(key, value, 0, 100_000);
                default -> { }
            }
        }
        return new FeedRequest(version, uid, order, perf, ieee, sub, valueSize, maxBuf, maxChunk, headers.size());
    }

    private static String checkNumber(String key, String v) throws LslProtocolException {
        if (v.isEmpty() || v.length() > 40) throw new LslProtocolException("header " + key + ": '" + StreamInfoXml.clip(v) + "' is not a number");
        try {
            Double.parseDouble(v);
            return v;
        } catch (NumberFormatException e) {
            throw new LslProtocolException("header " + key + ": '" + StreamInfoXml.clip(v) + "' is not a number");
        }
    }

    private static long number(String key, String v, long min, long max) throws LslProtocolException {
        try {
            if (v.length() > 20) throw new NumberFormatException();
            long n = Long.parseLong(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new LslProtocolException("header " + key + ": '" + StreamInfoXml.clip(v) + "' is not an integer in " + min + ".." + max);
        }
    }

    /** Reads the header lines after the command line (up to the empty line) and parses the request. */
    static FeedRequest read(String commandLine, LineReader lines) throws java.io.IOException, LslProtocolException {
        List<String> headers = new java.util.ArrayList<>();
        while (true) {
            String h = lines.readLine();
            if (h == null) throw new LslProtocolException("connection closed inside the request headers");
            if (h.strip().isEmpty()) break;
            if (headers.size() >= 100) throw new LslProtocolException("more than 100 request headers");
            headers.add(h);
        }
        return parse(commandLine, headers);
    }

    /** The request text an Apical inlet sends (liblsl's header set; at least one header, as the outlet requires). */
    static String build(StreamInfo info, long maxBufferSamples, long maxChunk) {
        ChannelFormat f = info.channelFormat();
        return "LSL:streamfeed/110 " + info.uid() + "\r\n"
                + "Native-Byte-Order: 1234\r\n"
                + "Endian-Performance: 0\r\n"
                + "Has-IEEE754-Floats: 1\r\n"
                + "Supports-Subnormals: " + (f.isFloatingPoint() ? 1 : 0) + "\r\n"
                + "Value-Size: " + (f == ChannelFormat.STRING ? STRING_VALUE_SIZE : f.valueSize()) + "\r\n"
                + "Data-Protocol-Version: 110\r\n"
                + "Max-Buffer-Length: " + maxBufferSamples + "\r\n"
                + "Max-Chunk-Length: " + maxChunk + "\r\n"
                + "Hostname: " + info.hostname() + "\r\n"
                + "Source-Id: " + info.sourceId() + "\r\n"
                + "Session-Id: " + info.sessionId() + "\r\n"
                + "\r\n";
    }
}
