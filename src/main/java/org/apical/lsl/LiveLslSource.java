package org.apical.lsl;

import org.apical.core.FrameSource;
import org.apical.core.LatencyHistogram;

/** A session source reading a live LSL stream, on either backend (Apical's own inlet or liblsl's). */
public interface LiveLslSource extends FrameSource {
    /** Source timestamp → the moment the pipeline had the sample (LSL transport plus any clock offset). */
    LatencyHistogram transportLatency();

    /** Why the stream ended before the session did, or null. */
    String lostReason();

    /** "java" (Apical's inlet) or "native" (liblsl's, with its version). */
    String backend();

    /** Whether a stream's hostname is this machine's (its timestamps then need no time correction). */
    static boolean isThisMachine(String host) {
        try {
            return host == null || host.isEmpty() || host.equals(java.net.InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * The gap counter for a live stream: by its sample index channel if it has one, else by timestamps; a float32
     * index is exact only below 2^24.
     */
    static org.apical.core.GapCounter gapCounter(org.apical.core.StreamDescription description,
                                                 org.apical.stream.ChannelFormat format) {
        return new org.apical.core.GapCounter(description.nominalRate(), description.indexChannel(),
                org.apical.core.GapCounter.exactIntegersBelow(format == org.apical.stream.ChannelFormat.FLOAT32));
    }
}
