package org.apical.xdf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apical.stream.StreamInfo;

/** One preallocated record of the recorder's ring; its arrays grow to the largest record it has carried. */
final class RecordSlot {
    static final int SAMPLES = 1, STRINGS = 2, OFFSET = 3, ADD_STREAM = 4, FLUSH = 5, LENT = 6;

    int kind;
    int streamId;
    int samples;
    double[] timestamps = new double[1];
    ByteBuffer data = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    String[] strings;
    LentSamples lent;
    StreamInfo meta;
    StreamClock clock;
    double localNow;
    double offset;

    void ensure(int samples, int bytes) {
        if (timestamps.length < samples) timestamps = new double[samples];
        if (data.capacity() < bytes) data = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        data.clear();
    }
}
