package org.apical.lsl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;

/**
 * One-shot stream discovery, as liblsl's {@code resolve_streams / resolve_byprop / resolve_bypred}: queries
 * (XPath predicates evaluated by each outlet on its full info) are sent in waves every
 * {@code MulticastMinRTT} until enough distinct streams answered or the time-out passed. Results carry the short
 * info (empty desc) with {@code v4address} set; {@link #fullInfo} fetches the desc.
 */
public final class Resolver {
    private Resolver() {}

    /** Every stream that answers within {@code waitSeconds} (always waits the whole time, like liblsl). */
    public static List<StreamInfo> resolveAll(LslConfig cfg, double waitSeconds) {
        return resolve(cfg, sessionClause(cfg), 0, waitSeconds, 0);
    }

    /** Streams whose {@code prop} equals {@code value}; returns once {@code minimum} were found or at the time-out. */
    public static List<StreamInfo> resolveByProp(LslConfig cfg, String prop, String value, int minimum, double timeoutSeconds) {
        if (!prop.matches("[A-Za-z_][A-Za-z0-9_./-]*")) throw new IllegalArgumentException("not a property name: " + prop);
        if (value.contains("'")) throw new IllegalArgumentException("value must not contain a quote: " + value);
        return resolve(cfg, sessionClause(cfg) + " and " + prop + "='" + value + "'", minimum, timeoutSeconds, 0);
    }

    /** Streams matching an XPath 1.0 predicate on {@code <info>}, e.g. {@code name='EEG' and count(desc/channels/channel)=8}. */
    public static List<StreamInfo> resolveByPredicate(LslConfig cfg, String predicate, int minimum, double timeoutSeconds) {
        QueryMatcher.validate(predicate);
        return resolve(cfg, sessionClause(cfg) + " and " + predicate, minimum, timeoutSeconds, 0);
    }

    /**
     * Finds one stream by name, and optionally type and source_id (empty = any), and returns its full info with desc
     * (channel map, ROI positions). Null if none answered in time.
     */
    public static StreamInfo find(LslConfig cfg, String name, String type, String sourceId, double timeoutSeconds)
            throws IOException {
        StringBuilder q = new StringBuilder("name='" + quoteFree(name) + "'");
        if (type != null && !type.isEmpty()) q.append(" and type='").append(quoteFree(type)).append("'");
        if (sourceId != null && !sourceId.isEmpty()) q.append(" and source_id='").append(quoteFree(sourceId)).append("'");
        List<StreamInfo> found = resolveByPredicate(cfg, q.toString(), 1, timeoutSeconds);
        if (found.isEmpty()) return null;
        return fullInfo(found.getFirst(), Math.max(1.0, timeoutSeconds));
    }

    private static String quoteFree(String s) {
        if (s.contains("'")) throw new IllegalArgumentException("stream property must not contain a quote: " + s);
        return s;
    }

    static String sessionClause(LslConfig cfg) { return "session_id='" + cfg.sessionId() + "'"; }

    /** The general form: a raw query, at least {@code minimum} results, at least {@code minWait} seconds. */
    static List<StreamInfo> resolve(LslConfig cfg, String query, int minimum, double timeoutSeconds, double minWait) {
        long start = System.nanoTime();
        long deadline = start + (long) (Math.max(0, timeoutSeconds) * 1e9);
        long minUntil = start + (long) (minWait * 1e9);
        long period = (long) (cfg.multicastMinRtt() * 1e9);
        try (ResolveSession s = new ResolveSession(cfg, query)) {
            long nextWave = start;
            while (true) {
                long now = System.nanoTime();
                if (minimum > 0 && s.results().size() >= minimum && now >= minUntil) break;
                if (now >= deadline) break;
                if (now >= nextWave) {
                    s.wave();
                    nextWave = now + period;
                }
                // Short slices so a satisfied minimum returns promptly.
                s.receiveUntil(Math.min(Math.min(deadline, nextWave), now + 20_000_000L));
            }
            List<StreamInfo> out = new ArrayList<>();
            for (ResolveSession.Seen seen : s.results().values()) out.add(seen.info());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("LSL discovery failed: " + e.getMessage(), e);
        }
    }

    /**
     * Fetches the full info (with desc) over TCP ({@code LSL:fullinfo}); address/ports come from {@code resolved}. A
     * refusal, a silence or an info that does not parse is an {@link LslHandshakeException} naming the stream.
     */
    public static StreamInfo fullInfo(StreamInfo resolved, double timeoutSeconds) throws IOException {
        String host = resolved.v4address().isEmpty() ? "127.0.0.1" : resolved.v4address();
        try (Socket s = new Socket()) {
            int ms = (int) Math.max(100, timeoutSeconds * 1000);
            s.connect(new InetSocketAddress(host, resolved.v4dataPort()), ms);
            s.setSoTimeout(ms);
            OutputStream out = s.getOutputStream();
            out.write("LSL:fullinfo\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readNBytes(StreamInfoXml.MAX_XML_CHARS + 1);
            if (all.length > StreamInfoXml.MAX_XML_CHARS) {
                throw new IOException("the info XML is longer than " + StreamInfoXml.MAX_XML_CHARS + " bytes");
            }
            StreamInfo full = StreamInfoXml.parse(new String(all, StandardCharsets.UTF_8));
            if (!full.uid().equals(resolved.uid())) {
                throw new IOException("the stream changed (uid " + full.uid() + ", resolved " + resolved.uid() + ")");
            }
            return full.withV4Address(host);
        } catch (InfoXmlException e) {
            throw LslHandshakeException.of(resolved, "full info", timeoutSeconds, new IOException(e.getMessage(), e));
        } catch (IOException e) {
            throw LslHandshakeException.of(resolved, "full info", timeoutSeconds, e);
        }
    }
}
