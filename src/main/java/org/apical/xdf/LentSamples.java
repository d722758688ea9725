package org.apical.xdf;

/**
 * Samples a producer lends the {@link Recorder} instead of copying them into its ring: large samples (raw imaging
 * frames, hundreds of kilobytes each) from a pool the producer owns, so the ring's slots never grow to their size.
 * The bytes are the samples' values, little-endian in the stream's format, one sample after another; the recorder's
 * writer thread calls {@link #release()} once they are in the file (or could not be written), after which the
 * producer may reuse them.
 */
public interface LentSamples {
    byte[] bytes();

    void release();
}
