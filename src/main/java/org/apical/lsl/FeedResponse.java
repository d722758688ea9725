package org.apical.lsl;

import java.util.List;
import java.util.Locale;
import org.apical.stream.StreamInfoXml;

/** The outlet's answer to a streamfeed request: status line and headers, parsed by the inlet. */
record FeedResponse(int status, String statusText, String uid, int byteOrder, boolean suppressSubnormals,
                    int dataProtocolVersion) {

    /** Reads the status line and, for a 200, the header lines up to the empty line. */
    static FeedResponse read(LineReader lines) throws java.io.IOException, LslProtocolException {
        String status = lines.readLine();
        List<String> headers = new java.util.ArrayList<>();
        if (status != null && status.startsWith("LSL/") && status.contains(" 200 ")) {
            while (true) {
                String h = lines.readLine();
                if (h == null) throw new java.io.EOFException("connection closed inside the response headers");
                if (h.isBlank()) break;
                if (headers.size() >= 100) throw new LslProtocolException("more than 100 response headers");
                headers.add(h);
            }
        }
        return parse(status, headers);
    }

    static FeedResponse parse(String statusLine, List<String> headers) throws LslProtocolException {
        if (statusLine == null) throw new LslProtocolException("outlet closed the connection without a status line");
        String[] parts = statusLine.strip().split(" ", 3);
        if (parts.length < 3 || !parts[0].startsWith("LSL/")) {
            throw new LslProtocolException("bad status line '" + StreamInfoXml.clip(statusLine) + "'");
        }
        int version = parseInt(parts[0].substring(4), "status-line version");
        if (version / 100 > 1) throw new LslProtocolException("outlet speaks protocol " + version + ", newer than 1.x");
        int status = parseInt(parts[1], "status code");
        String uid = "";
        int order = 0;
        boolean suppress = false;
        int dpv = 110;
        for (String raw : headers) {
            int colon = raw.indexOf(':');
            if (colon < 0) continue;
            String key = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = raw.substring(colon + 1).strip();
            switch (key) {
                case "uid" -> uid = value;
                case "byte-order" -> order = parseInt(value, "Byte-Order");
                case "suppress-subnormals" -> suppress = parseInt(value, "Suppress-Subnormals") != 0;
                case "data-protocol-version" -> dpv = parseInt(value, "Data-Protocol-Version");
                default -> { }
            }
        }
        return new FeedResponse(status, parts[2], uid, order, suppress, dpv);
    }

    private static int parseInt(String s, String what) throws LslProtocolException {
        try {
            if (s.length() > 11) throw new NumberFormatException();
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new LslProtocolException(what + " '" + StreamInfoXml.clip(s) + "' is not an integer");
        }
    }
}
