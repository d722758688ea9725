package org.apical.xdf;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import java.io.IOException;

/**
 * The recorder's duty cycle (Agrona style): {@link #doWork()} moves a batch of records from the ring into the
 * {@link XdfWriter}, lets the writer do its timed duties (flush ≥ 1/s, offsets, boundaries, rollover) and writes
 * a loss marker when producers could not enqueue. Returns the work done, 0 when idle.
 */
final class RecorderAgent implements EventPoller.Handler<RecordSlot> {
    private static final int BATCH = 1024;

    private final Recorder recorder;
    private final XdfWriter writer;
    private final RingBuffer<RecordSlot> ring;
    private final EventPoller<RecordSlot> poller;
    private final int lossStream;
    private final long[] droppedMarked = new long[Recorder.MAX_STREAMS];
    private int batch;
    private long handled;
    private volatile Throwable failure;

    RecorderAgent(Recorder recorder, XdfWriter writer, RingBuffer<RecordSlot> ring, EventPoller<RecordSlot> poller,
                  int lossStream) {
        this.recorder = recorder;
        this.writer = writer;
        this.ring = ring;
        this.poller = poller;
        this.lossStream = lossStream;
    }

    String roleName() { return recorder.options().roleName(); }

    Throwable failure() { return failure; }

    int doWork() {
        batch = 0;
        try {
            poller.poll(this);
        } catch (Exception e) {
            fail(e);
        }
        recorder.observeBacklog(ring.getCursor() - poller.getSequence().get());
        int work = batch;
        if (failure == null) {
            try {
                markLosses();
                writer.tick();
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
            recorder.publishWriterFigures(writer.samplesWritten(), writer.bytesWritten());
        }
        return work;
    }

    @Override public boolean onEvent(RecordSlot s, long sequence, boolean endOfBatch) {
        int samples = s.kind == RecordSlot.SAMPLES || s.kind == RecordSlot.STRINGS || s.kind == RecordSlot.LENT
                ? s.samples : 0;
        if (failure == null) {
            try {
                switch (s.kind) {
                    case RecordSlot.SAMPLES -> writer.appendEncoded(s.streamId, s.timestamps, s.samples, s.data.array(), 0);
                    case RecordSlot.STRINGS -> writer.appendStrings(s.streamId, s.timestamps[0], s.strings);
                    case RecordSlot.OFFSET -> writer.clockOffset(s.streamId, s.localNow, s.offset);
                    case RecordSlot.ADD_STREAM -> writer.addStream(s.streamId, s.meta, s.clock);
                    case RecordSlot.FLUSH -> writer.flush();
                    case RecordSlot.LENT -> writer.appendEncoded(s.streamId, s.timestamps, s.samples, s.lent.bytes(), 0);
                    default -> throw new IllegalStateException("record kind " + s.kind);
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
        if (failure != null && samples > 0) recorder.countDropped(s.streamId, samples);
        if (s.lent != null) {
            s.lent.release();
            s.lent = null;
        }
        s.strings = null;
        s.meta = null;
        recorder.countHandled(samples);
        handled++;
        return ++batch < BATCH;
    }

    /** Writes one marker per stream whose drop count grew since the last marker. */
    private void markLosses() throws IOException {
        if (lossStream <= 0 || recorder.droppedTotal() == 0) return;
        for (int id = 1; id < droppedMarked.length; id++) {
            long d = recorder.droppedOf(id);
            if (d != droppedMarked[id] && writer.hasStream(id)) {
                long now = d - droppedMarked[id];
                droppedMarked[id] = d;
                writer.appendStrings(lossStream, writer.options().localClock().getAsDouble(),
                        "recorder dropped " + now + " samples of stream '" + writer.stream(id).name() + "' (id " + id
                                + "): backlog full; " + d + " in total");
            }
        }
    }

    private void fail(Throwable e) {
        if (failure == null) failure = e;
    }

    long handled() { return handled; }
}
