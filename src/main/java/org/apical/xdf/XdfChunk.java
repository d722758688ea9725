package org.apical.xdf;

import org.apical.stream.StreamInfo;

/** One chunk of an XDF file as {@link XdfChunkReader} returns it; {@code offset} is where the chunk starts. */
public sealed interface XdfChunk {
    long offset();

    record FileHeader(long offset, String xml) implements XdfChunk {}

    record StreamHeader(long offset, int streamId, StreamInfo info) implements XdfChunk {}

    /** Timestamps as stored or deduced (not clock-corrected). */
    record Samples(long offset, int streamId, double[] timestamps, SampleValues values) implements XdfChunk {}

    /** {@code collectionTime} is in the stream's clock; {@code value} = local − remote. */
    record ClockOffset(long offset, int streamId, double collectionTime, double value) implements XdfChunk {}

    record Boundary(long offset) implements XdfChunk {}

    record StreamFooter(long offset, int streamId, String xml) implements XdfChunk {}

    /** A chunk with a tag this reader does not know; skipped by its length, as the format asks. */
    record Unknown(long offset, int tag, long length) implements XdfChunk {}
}
