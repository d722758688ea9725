package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apical.CommandRun;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The residuals of a live session (the demo over loopback LSL): recorded, reported, and equal to the offline ones. */
class ResidualStageTest {
    @TempDir Path dir;

    @Test
    void theLiveStageRecordsEveryEventAndTheOfflineAnalysisFindsTheSameOnes() throws Exception {
        Path file = dir.resolve("session.xdf");
        CommandRun run = CommandRun.of("demo", "--speed", "max", "--duration", "400", "--quiet", "--json", "--out",
                file.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode residuals = run.json().get("residuals");
        assertEquals(50, residuals.get("pairs").asInt(), residuals.toString());
        assertTrue(run.out().contains("residuals: 50 soma–dendrite pairs"), run.out());

        XdfFile xdf = XdfReader.read(file);
        XdfStream input = stream(xdf, "ApicalSim"), traces = stream(xdf, "ApicalResiduals"),
                events = stream(xdf, "ApicalResidualEvents");
        assertEquals(input.samples(), traces.samples(), "one residual row per frame");
        assertEquals(50, traces.header().channelCount());
        assertEquals("plus", traces.header().desc().child("channels").children("channel").get(0).childText("role"));
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < events.samples(); i++) recorded.add(events.string(i, 0));
        assertEquals(residuals.get("events").asInt(), recorded.size());
        assertTrue(recorded.size() > 5_000, recorded.size() + " events");
        long judged = recorded.stream().filter(m -> m.contains("class=amplified") || m.contains("class=attenuated")
                || m.contains("class=neither")).count();
        assertTrue(judged > recorded.size() / 2, judged + " of the events judged against a line");

        RecordedResiduals offline = RecordedResiduals.read(file, null, 300, null);
        List<String> again = new ArrayList<>();
        for (ResidualEvent e : offline.events()) again.add(offline.pairs().marker(e));
        assertEquals(recorded, again, "the offline pass over the recorded input finds exactly the live events");
        // the trace is NaN until a pair has its line, then finite
        int last = traces.samples() - 1;
        for (int p = 0; p < 50; p++) assertTrue(Double.isFinite(traces.value(last, p)), "pair " + p + " has a trace");
        assertTrue(Double.isNaN(traces.value(0, 0)), "no line on the first frame");
    }

    @Test
    void residualTracesAndEventsReachAnLslConsumer() throws Exception {
        var cfg = org.apical.lsl.LslConfig.machineOnly();
        Path root = Path.of(System.getProperty("user.dir"));
        var defs = org.apical.config.Definitions.load(root.resolve("rigs/sim.yaml"), root.resolve("decoders/default.yaml"),
                root.resolve("stimuli/grating.yaml"));
        var opened = org.apical.session.Sources.simulated(defs, defs.rig().sim().withSeed(3),
                new org.apical.sim.Pacer(Double.POSITIVE_INFINITY), 3000, false, cfg);
        var session = new org.apical.session.Session(defs, opened.source(),
                opened.rewardOutputs(List.of(new org.apical.reward.SimulatedRewardOutput())), null);
        session.setOffline(true); // unpaced: the stage sees every frame
        Pairs pairs = Pairs.of(session.description(), defs.decoder());
        String name = "test-" + ProcessHandle.current().pid();
        try (ResidualOutlets outlets = new ResidualOutlets(name, 30, pairs, cfg)) {
            var lslOptions = org.apical.lsl.InletOptions.defaults().withConfig(cfg);
            var traces = new org.apical.lsl.StreamInlet(org.apical.lsl.Resolver.find(cfg, ResidualOutlets.TRACES,
                    "Residuals", "apical-residuals-" + name, 5), lslOptions);
            var events = new org.apical.lsl.StreamInlet(org.apical.lsl.Resolver.find(cfg, ResidualOutlets.EVENTS,
                    "Markers", "apical-residual-events-" + name, 5), lslOptions);
            org.apical.Conditions.await("both inlets connected", () -> outlets.consumers() >= 1);
            ResidualStage stage = new ResidualStage(defs.rig().residuals(), 30, pairs, List.of(outlets), null);
            session.addSideConsumer(stage);
            opened.attach(session);
            session.run();
            assertEquals(50, traces.info().channelCount());
            double[] row = new double[50];
            int rows = 0;
            // a busy machine may hold the stream back for seconds: wait for what must come, then for nothing more
            while (rows < 3000 && traces.pullSample(row, 30) > 0) rows++;
            while (traces.pullSample(row, 0.2) > 0) rows++;
            assertEquals(3000, rows, "one residual row per frame");
            String[] marker = new String[1];
            int markers = 0;
            while (events.pullSample(marker, markers < stage.events() ? 30 : 0.2) > 0) {
                assertTrue(marker[0].startsWith("residual_event neuron="), marker[0]);
                markers++;
            }
            assertEquals(stage.events(), markers, "every event published");
            assertTrue(markers > 100, markers + " events");
            traces.close();
            events.close();
        } finally {
            for (AutoCloseable c : opened.closeAfter()) c.close();
        }
    }

    static XdfStream stream(XdfFile xdf, String name) {
        return xdf.streams().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stream " + name + " in " + xdf.streams().stream()
                        .map(XdfStream::name).toList()));
    }
}
