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
}
