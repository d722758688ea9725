package org.apical.reward;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apical.lsl.LslConfig;
import org.apical.lsl.StreamOutlet;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.stream.XmlElement;

/**
 * Rewards as an LSL string marker stream (irregular rate), one sample per approved reward, stamped with the frame's
 * timestamp: {@code reward trial=12 volume_ul=4.0 frame=3391} (with {@code manual} for operator rewards). Pushing
 * never blocks, so this may run on the decision thread.
 */
public final class LslMarkerRewardOutput implements RewardOutput {
    private final String name;
    private final StreamOutlet outlet;
    private final AtomicLong delivered = new AtomicLong();
    private final String[] sample = new String[1];

    public LslMarkerRewardOutput(String name, String streamName, String sourceId, LslConfig config) throws IOException {
        this.name = name;
        StreamInfo info = StreamInfo.create(streamName, "Markers", 1, StreamInfo.IRREGULAR_RATE, ChannelFormat.STRING,
                sourceId).withDesc(XmlElement.of("desc", XmlElement.text("producer", "Apical"),
                XmlElement.text("content", "approved rewards: reward trial=N volume_ul=V frame=F [manual]")));
        this.outlet = new StreamOutlet(info, 360, config);
    }

    @Override public String name() { return name; }

    @Override public synchronized void deliver(RewardRequest r) {
        sample[0] = String.format(Locale.ROOT, "reward trial=%d volume_ul=%s frame=%d%s", r.trial(), r.volumeUl(),
                r.frame(), r.manual() ? " manual" : "");
        outlet.pushSample(sample, r.timestamp());
        delivered.incrementAndGet();
    }

    @Override public void closeValve() {}

    @Override public long delivered() { return delivered.get(); }

    @Override public void close() { outlet.close(); }

    public StreamInfo info() { return outlet.info(); }
}
