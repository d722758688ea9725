package org.apical.xdf;

/** Whose clock a stream's timestamps are on; decides who writes its ClockOffset chunks. */
public enum StreamClock {
    /**
     * Stamped with this machine's local clock (streams Apical produces): the writer itself records an offset
     * of 0 at the start and at every clock-offset interval, so readers see the stream is already in local time.
     */
    LOCAL,
    /**
     * Stamped by another machine's clock (an LSL inlet): the caller passes each time-correction measurement
     * to {@code clockOffset(...)}, as LabRecorder does every 5 s.
     */
    REMOTE
}
