package org.apical.sim;

import java.util.function.LongSupplier;
import org.apical.config.SimSection;
import org.apical.core.Frame;
import org.apical.core.FrameSource;
import org.apical.core.StreamDescription;
import org.apical.lsl.StreamDescriptions;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.reward.RewardOutput;

/**
 * The simulated rig as an in-process source. The animal hears rewards through {@link #rewardOutput()}, one of the
 * session's reward outputs like a valve, and learns from each {@link #REWARD_LAG} frames after the frame that earned
 * it. When unpaced, the rig never runs more than that many frames ahead of the decisions, so a
 * given seed gives the same session however fast the machine is (a run at "max" equals one in real time).
 *
 * <p>The light reaches the animal through {@link #lightOutput()}: while pulses keep coming (within
 * {@link #REWARD_LAG} + 2 frames of the last one the rig has seen) its residuals shrink by the sim's
 * light_residual_scale. The animal licks ({@link #licks()}) at the population's lick rate, from a random stream of its
 * own so that licking leaves the neurons of a given seed unchanged.
 */
public final class SimulatedRig implements FrameSource {
    /** Frames between a rewarded frame and the learner seeing it (about 270 ms at 30 Hz). */
    public static final int REWARD_LAG = 8;

    private final SimulatedPopulation population;
    private final boolean spikes;
    private final Pacer pacer;
    private final long frames;
    private volatile double t0;
    private final StreamDescription description;
    private final StreamInfo info;
    private final SimulatedAnimalReward rewards = new SimulatedAnimalReward();
    private final SimulatedAnimalReward light = new SimulatedAnimalReward();
    private final org.apical.reward.LickLog licks = new org.apical.reward.LickLog();
    private final java.util.SplittableRandom lickRandom;
    private long lastLightFrame = Long.MIN_VALUE / 2;
    private volatile LongSupplier decided = () -> Long.MAX_VALUE;
    private volatile java.util.function.LongUnaryOperator framesDecided = d -> d;
    private volatile boolean closed;
    private long next;

    /**
     * @param frames how many frames to produce before the end of the stream
     * @param t0     timestamp of the first frame (seconds, this machine's LSL clock)
     */
    public SimulatedRig(SimSection spec, boolean spikes, Pacer pacer, long frames, double t0) {
        this(spec, spikes, pacer, frames, t0, "apical-sim-" + spec.seed());
    }

    /** @param sourceId the LSL source_id the rig publishes under (unique per running session on a machine) */
    public SimulatedRig(SimSection spec, boolean spikes, Pacer pacer, long frames, double t0, String sourceId) {
        this.population = new SimulatedPopulation(spec);
        this.lickRandom = new java.util.SplittableRandom(spec.seed() ^ 0x6C69636BL);
        this.spikes = spikes;
        this.pacer = pacer;
        this.frames = frames;
        this.t0 = t0;
        this.info = StreamInfo.create(spikes ? "ApicalSimSpikes" : "ApicalSim", spikes ? "SpikeCounts" : "Imaging",
                population.channels(spikes), spec.rateHz(), ChannelFormat.FLOAT32, sourceId)
                .withDesc(population.desc(spikes));
        this.description = StreamDescriptions.of(info, null, spikes);
    }

    /** The stream as it is published on LSL (and recorded): name, format, channel map, ground truth. */
    public StreamInfo info() { return info; }

    /** The animal's side of the reward: add it to the session's outputs, or the animal never learns. */
    public RewardOutput rewardOutput() { return rewards; }

    /** The animal's side of the light: the session's light output on a simulated rig. */
    public org.apical.reward.LightOutput lightOutput() {
        return new org.apical.reward.LightOutput() {
            @Override public String name() { return "simulated light"; }
            @Override public boolean pulse(int ms, double timestamp) {
                light.deliverAt(timestamp);
                return true;
            }
            @Override public void lightsOff() { }
            @Override public long pulsesDelivered() { return light.delivered(); }
            @Override public long pulsesRefused() { return 0; }
        };
    }

    /** The simulated animal's licks, on the frames' clock. */
    public org.apical.reward.LickLog licks() { return licks; }

    /** Lets the rig wait for the pipeline's decisions (see class comment). */
    public void followDecisions(LongSupplier decidedSequence) { this.decided = decidedSequence; }

    /**
     * The session decides on bins of its own (spike events binned by the session), not on this rig's frames: a
     * decided bin lets the rig run to the end of the next bins plus their lateness, so that they can close.
     */
    public void decisionsAreBins(double binSeconds, double latencySeconds) {
        double perBin = binSeconds * population.rate();
        long lead = (long) Math.ceil((3 * binSeconds + latencySeconds) * population.rate());
        this.framesDecided = d -> d == Long.MAX_VALUE ? d : (long) Math.floor(Math.max(0, d) * perBin) + lead;
    }

    @Override public StreamDescription description() { return description; }

    public SimulatedPopulation population() { return population; }

    @Override public boolean next(Frame frame) throws InterruptedException {
        if (closed || next >= frames) return false;
        long seq = next;
        while (framesDecided.applyAsLong(decided.getAsLong()) < seq - REWARD_LAG) {
            if (closed) return false;
            if (Thread.interrupted()) throw new InterruptedException();
            Thread.onSpinWait();
            Thread.yield();
        }
        double due;
        while (!Double.isNaN(due = rewards.peek()) && rewardedFrame(due) + REWARD_LAG <= seq) {
            rewards.take();
            population.reward();
        }
        while (!Double.isNaN(due = light.peek())) {
            light.take();
            lastLightFrame = rewardedFrame(due);
        }
        population.light(seq - lastLightFrame <= REWARD_LAG + 2);
        // in real time the stream starts when its first frame is due, so timestamps are "now", as from a rig
        if (seq == 0 && !pacer.unpaced()) t0 = System.nanoTime() / 1e9;
        pacer.awaitStreamTime(seq / population.rate());
        population.step(frame.raw, spikes);
        // the stream is float32 on LSL; rounding here too makes an in-process session equal one over LSL
        double[] raw = frame.raw;
        for (int i = 0; i < raw.length; i++) raw[i] = (float) raw[i];
        frame.timestamp = t0 + seq / population.rate();
        double dt = 1 / population.rate();
        if (lickRandom.nextDouble() < population.lickRateHz() * dt) licks.lick(frame.timestamp + lickRandom.nextDouble() * dt);
        next++;
        return true;
    }

    /** Seconds between frames. */
    public double frameSeconds() { return 1 / population.rate(); }

    /** In real time (or faster) the rig stamps frames on this machine's clock when they are due; unpaced it does not. */
    @Override public boolean timestampsOnThisClock() { return !pacer.unpaced() && pacer.speed() >= 1; }

    /** The rig's own frame a rewarded frame's timestamp is from. */
    private long rewardedFrame(double timestamp) { return Math.round((timestamp - t0) * population.rate()); }

    @Override public void close() { closed = true; }
}
