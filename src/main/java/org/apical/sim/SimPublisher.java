package org.apical.sim;

import java.io.IOException;
import org.apical.lsl.LslConfig;
import org.apical.lsl.LslBackend;
import org.apical.lsl.SampleOutlet;
import org.apical.core.Frame;

/**
 * The simulated rig as an acquisition system: its frames published on an LSL outlet, with the full channel map and
 * ground truth in the stream's desc, on its own thread ("sim-publisher"). Apical then consumes it through an inlet,
 * exactly as on a real rig.
 */
public final class SimPublisher implements AutoCloseable {
    private final SimulatedRig rig;
    private final SampleOutlet outlet;
    private final Thread thread;
    private final boolean events;
    private volatile Throwable failure;

    public SimPublisher(SimulatedRig rig, LslConfig config) throws IOException { this(rig, config, LslBackend.JAVA); }

    /** The simulated rig on an outlet of the given backend (liblsl's own with the native one). */
    public SimPublisher(SimulatedRig rig, LslConfig config, LslBackend backend) throws IOException {
        this(rig, rig.info(), false, config, backend);
    }

    /**
     * The rig as a spike sorter: one sample per spike on an irregular stream ({@link SimulatedSpikeEvents#info}).
     */
    public static SimPublisher spikeEvents(SimulatedRig rig, String sourceId, LslConfig config) throws IOException {
        return new SimPublisher(rig, SimulatedSpikeEvents.info(sourceId), true, config, LslBackend.JAVA);
    }

    private SimPublisher(SimulatedRig rig, org.apical.stream.StreamInfo info, boolean events, LslConfig config,
                         LslBackend backend) throws IOException {
        this.rig = rig;
        this.events = events;
        this.outlet = backend.outlet(info, 60, config);
        this.thread = new Thread(this::publish, "sim-publisher");
        thread.setDaemon(true);
    }

    public SampleOutlet outlet() { return outlet; }

    /** Starts publishing once a consumer is connected (samples pushed before that would be lost to it). */
    public SimPublisher start() {
        thread.start();
        return this;
    }

    private void publish() {
        Frame scratch = new Frame(rig.description().channelCount());
        try {
            while (!outlet.waitForConsumers(0.5)) {
                if (Thread.currentThread().isInterrupted()) return;
            }
            if (events) SimulatedSpikeEvents.publish(rig, outlet);
            else while (rig.next(scratch)) outlet.pushSample(scratch.raw, scratch.timestamp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            System.getLogger("org.apical.sim").log(System.Logger.Level.ERROR, "the simulated rig stopped publishing", e);
        }
    }

    public Throwable failure() { return failure; }

    @Override public void close() {
        rig.close();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outlet.close();
    }
}
