package org.apical.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.config.Definitions;
import org.apical.session.SessionSummary;
import org.apical.reward.RewardOutputs;
import org.apical.sim.Pacer;
import org.apical.lsl.LslConfig;
import org.apical.lsl.ResolveScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.core.UserException;
import org.apical.session.Sources;
import org.apical.session.SessionRunner;
import org.apical.session.StopOnSignal;

/** {@code apical demo}: the whole closed loop on the embedded simulated rig. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the closed loop end to end on the embedded simulated rig:",
                "simulated neurons → ingest → dF/F → P+/P− decoder → grating angle → trial state machine → rewards.",
                "Prints one line per trial and a closing summary (--json: one JSON object on the last line)."})
public final class DemoCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    SessionOptions session = new SessionOptions();

    @Option(names = "--rig", description = "Rig file (default: ${DEFAULT-VALUE}).", defaultValue = "rigs/sim.yaml")
    String rig;

    @Option(names = "--decoder", description = "Decoder file (default: ${DEFAULT-VALUE}).",
            defaultValue = "decoders/default.yaml")
    String decoder;

    @Option(names = "--stimulus", description = "Stimulus file (default: ${DEFAULT-VALUE}).",
            defaultValue = "stimuli/grating.yaml")
    String stimulus;

    @Option(names = "--spikes", description = "Use the spike-count rig (rigs/sim-spikes.yaml) instead of imaging.")
    boolean spikes;

    @Option(names = "--spike-events", description = "Use the spike-event rig (rigs/sim-spike-events.yaml): the"
            + " simulated sorter sends one sample per spike and Apical bins them.")
    boolean spikeEvents;

    @Option(names = "--duration", description = "Seconds of simulated session (default: ${DEFAULT-VALUE}).",
            defaultValue = "60")
    double duration;

    @Option(names = "--seed", description = "Seed of the simulated animal (default: the rig file's sim.seed).")
    Long seed;

    @Option(names = "--speed", description = "realtime, Nx (e.g. 10x) or max (default: ${DEFAULT-VALUE}).",
            defaultValue = "realtime")
    String speed;



    @Option(names = "--in-process", description = "Feed the simulated rig straight into the ring instead of over"
            + " loopback LSL.")
    boolean inProcess;





    @Override public Integer call() throws Exception {
        if (!(duration > 0)) throw new UserException("--duration must be above 0 seconds, found " + duration);
        Pacer pacer;
        try {
            pacer = Pacer.parse(speed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (spikes && spikeEvents) throw new UserException("--spikes and --spike-events: choose one");
        String rigFile = !rig.equals("rigs/sim.yaml") ? rig : spikeEvents ? "rigs/sim-spike-events.yaml"
                : spikes ? "rigs/sim-spikes.yaml" : rig;
        Definitions defs = Definitions.load(UserFiles.resolve(rigFile), UserFiles.resolve(decoder),
                UserFiles.resolve(stimulus));
        if (pacer.speed() > 1) refuseRealOutputs(defs);
        var sim = seed == null ? defs.rig().sim() : defs.rig().sim().withSeed(seed);
        boolean spikeInput = defs.rig().input().spikes();
        long frames = Math.round(duration * sim.rateHz());
        PrintStream out = System.out;
        boolean binned = defs.rig().input().spikeEvents();
        if (binned && !inProcess && pacer.speed() != 1) {
            // live bins close on this machine's clock, and the rig's stamps run ahead of it at another speed
            out.println("spike events at --speed " + speed + " are binned in process (over LSL, bins close on this"
                    + " machine's clock: real time only)");
            inProcess = true;
        }
        // the demo never sends a packet beyond this machine
        LslConfig lsl = LslConfig.found().withScope(ResolveScope.MACHINE);
        Sources.Opened opened = Sources.simulated(defs, sim, pacer, frames, !inProcess, lsl);
        SessionRunner runner = new SessionRunner(defs, opened.source(),
                opened.rewardOutputs(RewardOutputs.open(defs.rig().reward(), defs.rig().file(), lsl)),
                session.runner(), out);
        try (StopOnSignal _ = runner.stopOnSignal()) {
            runner.beforeStart(() -> opened.attach(runner.session()));
            runner.lightAndLicks(opened);
            // unpaced, no animal waits on the decisions: every side consumer (the recording) may see every frame
            runner.session().setOffline(pacer.unpaced());
            opened.closeAfter().forEach(runner::closeAfter);
            runner.publishOnLsl("demo-" + ProcessHandle.current().pid(), lsl, opened.backend());
            runner.computeResiduals();
            out.printf(Locale.ROOT, "apical demo: %s input, seed %d, %.0f s at %s, %s%n",
                    binned ? "spike-event" : spikeInput ? "spike-count" : "imaging", sim.seed(), duration, speed,
                    inProcess ? "in process" : "over loopback LSL");
            java.nio.file.Path recording = session.recording(defs);
            if (recording != null) runner.record(recording, pacer.unpaced());
            runner.printGraph(recording == null ? null : recording.toString());
            long wall = System.nanoTime();
            SessionSummary summary = runner.run();
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            out.printf(Locale.ROOT, "wall time %.2f s%n", wallSeconds);
            if (session.json) {
                Map<String, Object> m = SessionJson.of(runner, summary);
                m.put("seed", sim.seed());
                m.put("input", binned ? "spike_events" : spikeInput ? "spikes" : "imaging");
                m.put("transport", inProcess ? "in-process" : "lsl");
                m.put("wall_s", Math.round(wallSeconds * 1000) / 1000.0);
                var cal = runner.session().decoder();
                Map<String, Object> c = Json.object();
                c.put("floor", Json.number(cal.floor()));
                c.put("threshold", Json.number(cal.threshold()));
                c.put("z", cal.calibration() == null ? null : Json.number(cal.calibration().z()));
                m.put("calibration", c);
                out.println(Json.line(m));
            }
            return runner.exitCode(summary);
        }
    }

    /**
     * The reward gate's minimum interval runs on the stream's clock: faster than real time, a real valve (or a marker
     * another tool turns into a pulse) would be driven faster than the rig file allows, unpaced as fast as the
     * machine decides.
     */
    private void refuseRealOutputs(Definitions defs) {
        for (org.apical.config.RewardOutputSpec o : defs.rig().reward().outputs()) {
            if (o instanceof org.apical.config.RewardOutputSpec.Simulated) continue;
            throw new UserException(defs.rig().file() + ": reward.outputs: '" + o.name() + "' (" + o.describe()
                    + ") is a real output, and"
                    + " --speed " + speed + " would drive it faster than reward.min_interval allows (the interval runs on the"
                    + " stream's clock); run the demo in real time (--speed realtime) or with simulated outputs");
        }
    }
}
