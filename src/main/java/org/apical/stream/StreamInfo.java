package org.apical.stream;

import java.net.InetAddress;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything known about a stream, for LSL and XDF alike: the fields of liblsl's info XML in the order liblsl writes
 * them, plus the {@code desc} meta-data tree. Ports are 0 when unknown; {@code v4address} is filled by the resolver
 * from the reply's source address. Use {@link StreamInfoXml} to write or parse the XML.
 */
public record StreamInfo(
        String name, String type, int channelCount, ChannelFormat channelFormat, String sourceId,
        double nominalSrate, double version, double createdAt, String uid, String sessionId, String hostname,
        String v4address, int v4dataPort, int v4servicePort, String v6address, int v6dataPort, int v6servicePort,
        XmlElement desc) {

    /** Irregular rate (markers, events). */
    public static final double IRREGULAR_RATE = 0.0;
    /** The protocol version Apical speaks, as liblsl writes it ({@code 1.1} = 110). */
    public static final double PROTOCOL_VERSION = 1.10;
    /** Upper bound on channels accepted from the network, so one info cannot ask for gigabytes of buffer. */
    public static final int MAX_CHANNELS = 1 << 20;

    public StreamInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channelFormat, "channelFormat");
        if (name.isEmpty()) throw new IllegalArgumentException("stream name must not be empty");
        if (channelCount < 0 || channelCount > MAX_CHANNELS) {
            throw new IllegalArgumentException("channel count " + channelCount + " out of 0.." + MAX_CHANNELS);
        }
        if (!(nominalSrate >= 0) || Double.isInfinite(nominalSrate)) {
            throw new IllegalArgumentException("nominal rate must be >= 0 (0 = irregular), got " + nominalSrate);
        }
        type = type == null ? "" : type;
        sourceId = sourceId == null ? "" : sourceId;
        uid = uid == null ? "" : uid;
        sessionId = sessionId == null ? "" : sessionId;
        hostname = hostname == null ? "" : hostname;
        v4address = v4address == null ? "" : v4address;
        v6address = v6address == null ? "" : v6address;
        desc = desc == null ? XmlElement.empty("desc") : desc;
        if (!desc.name().equals("desc")) throw new IllegalArgumentException("desc element must be named 'desc'");
    }

    /** A new stream description (not yet published): liblsl's {@code stream_info(name, type, ...)} constructor. */
    public static StreamInfo create(String name, String type, int channelCount, double nominalSrate,
                                    ChannelFormat format, String sourceId) {
        return new StreamInfo(name, type, channelCount, format, sourceId, nominalSrate, PROTOCOL_VERSION, 0.0,
                "", "default", localHostName(), "", 0, 0, "", 0, 0, XmlElement.empty("desc"));
    }

    /**
     * A stream Apical itself writes into a recording (decoder output, events, ...): a fresh uid and its creation time
     * on this machine's monotonic clock, as an outlet would stamp them; add meta-data with {@link #withDesc}.
     */
    public static StreamInfo recorded(String name, String type, int channelCount, double nominalSrate,
                                      ChannelFormat format, String sourceId) {
        return create(name, type, channelCount, nominalSrate, format, sourceId)
                .published(newUid(), System.nanoTime() * 1e-9, "default", 0, 0);
    }

    public StreamInfo withDesc(XmlElement newDesc) {
        return new StreamInfo(name, type, channelCount, channelFormat, sourceId, nominalSrate, version, createdAt,
                uid, sessionId, hostname, v4address, v4dataPort, v4servicePort, v6address, v6dataPort, v6servicePort,
                newDesc);
    }

    /** The same info with an empty desc: what discovery replies carry. */
    public StreamInfo shortInfo() { return withDesc(XmlElement.empty("desc")); }

    /** The identity a running outlet stamps onto its info. */
    public StreamInfo published(String newUid, double newCreatedAt, String newSessionId, int dataPort, int servicePort) {
        return new StreamInfo(name, type, channelCount, channelFormat, sourceId, nominalSrate, PROTOCOL_VERSION,
                newCreatedAt, newUid, newSessionId, hostname, "", dataPort, servicePort, "", 0, 0, desc);
    }

    public StreamInfo withV4Address(String address) {
        return new StreamInfo(name, type, channelCount, channelFormat, sourceId, nominalSrate, version, createdAt,
                uid, sessionId, hostname, address, v4dataPort, v4servicePort, v6address, v6dataPort, v6servicePort,
                desc);
    }

    public boolean isRegular() { return nominalSrate > 0; }

    /** Seconds between samples as a reader deduces them from the rate (0 for irregular streams). */
    public double sampleInterval() { return nominalSrate > 0 ? 1.0 / nominalSrate : 0.0; }

    /** Bytes per sample of values (numeric formats); 0 for strings. */
    public int sampleValueBytes() { return channelCount * channelFormat.valueSize(); }

    public static String newUid() { return UUID.randomUUID().toString(); }

    private static volatile String hostName;

    static String localHostName() {
        String h = hostName;
        if (h == null) {
            h = System.getenv("HOSTNAME");
            if (h == null || h.isBlank()) {
                try {
                    h = InetAddress.getLocalHost().getHostName();
                } catch (Exception e) {
                    h = "localhost";
                }
            }
            hostName = h;
        }
        return h;
    }
}
