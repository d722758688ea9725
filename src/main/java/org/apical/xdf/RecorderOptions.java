package org.apical.xdf;

/**
 * Sizing of a {@link Recorder}'s queue. The backlog is bounded by {@code slots} records of at most
 * {@code slotBytes} of sample values each; a record is one {@code append...} call (a chunk call is split over
 * several records if it is larger than a slot). High-rate sources should append chunks (e.g. 1–10 ms of samples
 * per call) so one slot carries many samples.
 *
 * @param slots        ring capacity in records (power of two)
 * @param slotBytes    most sample-value bytes one record holds
 * @param lossMarkers  declare a string stream "apical-recorder" and write a marker into it whenever samples
 *                     could not be enqueued
 * @param roleName     name of the writer thread (shown in summaries and thread dumps)
 * @param idleNanos    how long the writer thread parks when it finds no work
 */
public record RecorderOptions(int slots, int slotBytes, boolean lossMarkers, String roleName, long idleNanos) {
    public RecorderOptions {
        if (slots < 2 || Integer.bitCount(slots) != 1) throw new IllegalArgumentException("slots " + slots + " must be a power of two >= 2");
        if (slotBytes < 64) throw new IllegalArgumentException("slot size " + slotBytes + " must be >= 64 bytes");
        if (roleName == null || roleName.isBlank()) roleName = "apical-recorder";
        if (idleNanos < 1) throw new IllegalArgumentException("idle time must be >= 1 ns");
    }

    /** 1024 records of up to 64 KiB (at most 64 MiB of backlog), loss markers on, 1 ms idle park. */
    public static RecorderOptions defaults() {
        return new RecorderOptions(1024, 64 * 1024, true, "apical-recorder", 1_000_000);
    }

    public RecorderOptions withSlots(int n) { return new RecorderOptions(n, slotBytes, lossMarkers, roleName, idleNanos); }

    public RecorderOptions withSlotBytes(int n) { return new RecorderOptions(slots, n, lossMarkers, roleName, idleNanos); }

    public RecorderOptions withLossMarkers(boolean on) { return new RecorderOptions(slots, slotBytes, on, roleName, idleNanos); }

    public RecorderOptions withRoleName(String name) { return new RecorderOptions(slots, slotBytes, lossMarkers, name, idleNanos); }
}
