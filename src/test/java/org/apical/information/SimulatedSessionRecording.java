package org.apical.information;

import com.lmax.disruptor.EventHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.config.Definitions;
import org.apical.core.Frame;
import org.apical.session.Session;
import org.apical.reward.SimulatedRewardOutput;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.apical.core.TaskEvent;
import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.apical.xdf.XdfWriter;

/**
 * Runs a real simulated session (Session + SimulatedRig, unpaced, as ClosedLoopTest does) with a side consumer
 * that keeps the input frames and task events, then writes them in the session-file layout: the input stream with
 * its full LSL info XML, ApicalDecoder, ApicalEvents (TaskEvent.marker), ApicalRewards, ApicalConfig.
 */
final class SimulatedSessionRecording {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    /** @param markers every event marker written, in order */
    record Recorded(Path file, List<String> markers) {}

    private static final class Keeper implements EventHandler<Frame> {
        final List<double[]> raw = new ArrayList<>();
        final List<double[]> decoder = new ArrayList<>();
        final List<Double> times = new ArrayList<>();
        final List<String> markers = new ArrayList<>();
        final List<Double> markerTimes = new ArrayList<>();

        @Override public void onEvent(Frame f, long sequence, boolean endOfBatch) {
            if (f.endOfStream) return;
            raw.add(f.raw.clone());
            times.add(f.timestamp);
            decoder.add(new double[] {f.plus, f.minus, f.signal, f.smoothed, f.cursor, f.decodedAngle, f.angle,
                    f.level, f.state == null ? 0 : f.state.ordinal(), f.trial, f.rewardRequested ? 1 : 0});
            for (int i = 0; i < f.eventCount; i++) {
                markers.add(TaskEvent.marker(f.events[i]));
                markerTimes.add(f.timestamp);
            }
        }
    }

    static Recorded run(Path file, long seed, double seconds) throws Exception {
        return run("rigs/sim.yaml", file, seed, seconds);
    }

    static Recorded run(String rigFile, Path file, long seed, double seconds) throws Exception {
        Definitions defs = Definitions.load(ROOT.resolve(rigFile), ROOT.resolve("decoders/default.yaml"),
                ROOT.resolve("stimuli/grating.yaml"));
        var sim = defs.rig().sim().withSeed(seed);
        SimulatedRig rig = new SimulatedRig(sim, defs.rig().input().spikes(), new Pacer(Double.POSITIVE_INFINITY),
                Math.round(seconds * sim.rateHz()), 500.0);
        Session s = new Session(defs, rig, List.of(new SimulatedRewardOutput(), rig.rewardOutput()), null);
        s.setOffline(true); // the capture below must see every frame
        Keeper k = new Keeper();
        s.addSideConsumer(k);
        rig.followDecisions(s::decidedSequence);
        s.run();
        try (XdfWriter w = XdfWriter.create(file)) {
            int in = w.addStream(rig.info());
            int dec = w.addStream(StreamInfo.recorded("ApicalDecoder", "Decoder", 11,
                    rig.info().nominalSrate(), ChannelFormat.DOUBLE64, "decoder"));
            int ev = w.addStream(StreamInfo.recorded("ApicalEvents", "Markers", 1, 0, ChannelFormat.STRING, "events"));
            int rew = w.addStream(StreamInfo.recorded("ApicalRewards", "Markers", 1, 0, ChannelFormat.STRING, "rewards"));
            int cfg = w.addStream(StreamInfo.recorded("ApicalConfig", "Config", 1, 0, ChannelFormat.STRING, "config"));
            w.appendStrings(cfg, k.times.getFirst(), "rig: " + rigFile);
            int m = 0;
            for (int i = 0; i < k.times.size(); i++) {
                double t = k.times.get(i);
                w.appendNumeric(in, t, k.raw.get(i));
                w.appendNumeric(dec, t, k.decoder.get(i));
                while (m < k.markers.size() && k.markerTimes.get(m) <= t) {
                    String mk = k.markers.get(m);
                    w.appendStrings(ev, k.markerTimes.get(m), mk);
                    if (mk.startsWith("reward ")) w.appendStrings(rew, k.markerTimes.get(m), mk);
                    m++;
                }
            }
        }
        return new Recorded(file, List.copyOf(k.markers));
    }
}
