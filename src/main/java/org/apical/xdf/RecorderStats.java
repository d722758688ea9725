package org.apical.xdf;

/**
 * What a {@link Recorder} has done so far.
 *
 * @param samplesEnqueued   samples accepted from producers
 * @param samplesWritten    samples the writer has put into chunks in the file
 * @param bytesWritten      bytes handed to the operating system
 * @param droppedSamples    samples producers could not enqueue (backlog full) or that were lost after a write
 *                          failure; never silently: each is counted here and marked in the file when possible
 * @param backlogSamples    samples enqueued but not yet handed to the writer, now
 * @param backlogMaxSamples the largest backlog seen
 * @param backlogMaxSlots   the largest number of queue records in use seen (capacity: {@code slots})
 * @param failure           the write error that stopped the writer, or null
 */
public record RecorderStats(String roleName, long samplesEnqueued, long samplesWritten, long bytesWritten,
                            long droppedSamples, long backlogSamples, long backlogMaxSamples, long backlogMaxSlots,
                            Throwable failure) {
    public boolean lossless() { return droppedSamples == 0 && failure == null; }
}
