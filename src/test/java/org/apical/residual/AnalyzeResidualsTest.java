package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apical.CommandRun;
import org.apical.stream.XmlElement;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apical analyze residuals} on seeded simulated sessions recorded by {@code apical demo}, checked against the
 * ground truth the simulated rig writes into its stream's desc (per neuron: role, β, w_net, w_reward, w_error).
 */
class AnalyzeResidualsTest {
    @TempDir static Path dir;
    static Path awake, anaesthetised, noResidual;

    static Path session(String name, String simExtra) throws Exception {
        String rig = Files.readString(Path.of("rigs/sim.yaml")).replace("  residual_gain: 0.5", simExtra)
                .replace("neurons: 50", "neurons: 30");
        Path rigFile = dir.resolve(name + ".yaml");
        Files.writeString(rigFile, rig);
        Path out = dir.resolve(name + ".xdf");
        CommandRun run = CommandRun.of("demo", "--rig", rigFile.toString(), "--speed", "max", "--duration", "1500",
                "--quiet", "--out", out.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        return out;
    }

    @BeforeAll static void record() throws Exception {
        awake = session("awake", "  residual_gain: 0.8");
        anaesthetised = session("anaesthetised", "  residual_gain: 0.8\n  anaesthesia: true");
        noResidual = session("none", "  residual_gain: 0");
    }

    /** The simulation's truth per neuron index, from the recorded stream's desc. */
    static Map<String, XmlElement> truth(Path file) throws Exception {
        Map<String, XmlElement> byNeuron = new HashMap<>();
        for (XdfStream s : XdfReader.read(file).streams()) {
            XmlElement gt = s.header().desc().child("ground_truth");
            if (gt == null) continue;
            for (XmlElement n : gt.children("neuron")) byNeuron.put(n.childText("index"), n);
        }
        return byNeuron;
    }

    static double value(XmlElement e, String key) { return Double.parseDouble(e.childText(key)); }

    @Test
    void networkAndTaskVariablesPredictTheResidualsAsTheSimulationMadeThem() throws Exception {
        CommandRun run = CommandRun.of("analyze", "residuals", awake.toString(), "--out", dir.resolve("awake-report")
                .toString(), "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode json = run.json();
        Map<String, XmlElement> truth = truth(awake);
        int strongNetwork = 0, predicted = 0;
        for (JsonNode n : json.get("neurons")) {
            XmlElement t = truth.get(n.get("neuron").asText());
            String role = value(t, "w_reward") > 0.3 ? "plus" : value(t, "w_reward") < -0.3 ? "minus" : "none";
            assertEquals(role, n.get("role").asText(), "neuron " + n.get("neuron") + ": role from the decoder");
            if (Math.abs(value(t, "w_net")) > 0.3 && n.get("role").asText().equals("none")) {
                strongNetwork++;
                if (n.get("network_r2").asDouble() > n.get("network_r2_control").asDouble() + 0.05) predicted++;
            }
        }
        assertTrue(strongNetwork >= 3, strongNetwork + " neurons with a strong network weight");
        assertTrue(predicted >= strongNetwork - 1, predicted + " of " + strongNetwork
                + " neurons with a strong network weight are predicted by the others above the shuffled control");
        // reward raises P+ residuals and lowers P− residuals; the error weight has the opposite sign by role
        JsonNode condition = json.get("conditions").get(0);
        Map<String, Double> group = new HashMap<>();
        for (JsonNode g : condition.get("task_groups")) group.put(g.get("group").asText() + "/" + g.get("regressor").asText(), g.get("mean").asDouble());
        assertTrue(group.get("plus/after_hit") > 0, "P+ after a hit: " + group);
        assertTrue(group.get("minus/after_hit") < 0, "P− after a hit: " + group);
        // the angular error is the simulation's task error (far from the target when P+ − P− is low)
        assertTrue(group.get("plus/error") < 0, "P+ error: " + group);
        assertTrue(group.get("minus/error") > 0, "P− error: " + group);
        for (JsonNode n : json.get("neurons")) {
            if (n.get("role").asText().equals("none")) continue;
            XmlElement t = truth.get(n.get("neuron").asText());
            double after = n.get("task").get("after_hit").get("coefficient").asDouble();
            assertEquals(Math.signum(value(t, "w_reward")), Math.signum(after), "neuron " + n.get("neuron")
                    + ": sign of the reward effect (w_reward " + value(t, "w_reward") + ", coefficient " + after + ")");
        }
        boolean flipDetected = false;
        for (JsonNode f : condition.get("sign_flips")) {
            if (f.get("regressor").asText().equals("after_hit")) {
                flipDetected = f.get("flipped").asBoolean() && f.get("p").asDouble() < 0.05;
            }
        }
        assertTrue(flipDetected, "the P+/P− sign flip after a hit: " + condition.get("sign_flips"));
        for (String f : new String[] {"summary.md", "neurons.csv", "events.csv", "task_groups.csv", "network_r2.png",
                "event_rates.png", "event_rates.csv", "task_coefficients.png", "dendrite_vs_soma.png",
                "residual_distributions.png"}) {
            assertTrue(Files.size(dir.resolve("awake-report").resolve(f)) > 100, f + " written");
        }
    }

    @Test
    void withoutAResidualNothingIsSignificantBeyondChance() throws Exception {
        CommandRun run = CommandRun.of("analyze", "residuals", noResidual.toString(), "--out",
                dir.resolve("none-report").toString(), "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        int tests = 0, significant = 0, beaten = 0, neurons = 0;
        for (JsonNode n : run.json().get("neurons")) {
            neurons++;
            if (n.get("network_r2").asDouble() > n.get("network_r2_control").asDouble() + 0.05) beaten++;
            for (JsonNode k : n.get("task")) {
                if (k.get("p").isNull()) continue;
                tests++;
                if (k.get("p").asDouble() < 0.05) significant++;
            }
        }
        assertTrue(tests > 100, tests + " task coefficients tested");
        assertTrue(significant <= 0.05 * tests + 3 * Math.sqrt(0.05 * 0.95 * tests),
                significant + " of " + tests + " task coefficients at p < 0.05");
        assertTrue(beaten <= 0.1 * neurons + 1, beaten + " of " + neurons + " neurons' residuals 'predicted' by the network");
    }

    @Test
    void anaesthesiaLowersTheResidualSpreadAndTheComparisonSaysSo() throws Exception {
        CommandRun run = CommandRun.of("analyze", "residuals", awake.toString(), anaesthetised.toString(), "--out",
                dir.resolve("compare").toString(), "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode c = run.json().get("comparison");
        JsonNode sd = null;
        for (JsonNode m : c.get("measures")) if (m.get("measure").asText().equals("residual_sd")) sd = m;
        assertTrue(sd != null && c.get("paired").asBoolean(), "paired residual SD comparison: " + c);
        assertTrue(sd.get("median_b").asDouble() < 0.8 * sd.get("median_a").asDouble(), "residual SD: " + sd);
        assertTrue(sd.get("p").asDouble() < 0.01, "residual SD: " + sd);
        assertTrue(Files.size(dir.resolve("compare").resolve("comparison.csv")) > 50);
        assertTrue(Files.size(dir.resolve("compare").resolve("comparison.png")) > 1000);
        assertTrue(Files.size(dir.resolve("compare").resolve("awake.xdf-dendrite_vs_soma.png")) > 1000);
    }

    @Test
    void aRecordingOfAnotherToolWithAMarkedSecondConditionIsAnalysedAndSplit() throws Exception {
        // as LabRecorder would have it: the rig's stream with its channel map, and a marker stream of the lab's
        Path file = dir.resolve("labrecorder.xdf");
        var spec = new org.apical.config.SimSection(16, 30, 5, new int[] {0, 1}, new int[] {2, 3}, 0, 0.05, 0.8, false);
        var pop = new org.apical.sim.SimulatedPopulation(spec);
        try (var w = org.apical.xdf.XdfWriter.create(file)) {
            int rig = w.addStream(org.apical.stream.StreamInfo.recorded("Rig2P", "Imaging", 32, 30,
                    org.apical.stream.ChannelFormat.FLOAT32, "scope-1").withDesc(pop.desc(false)));
            int marks = w.addStream(org.apical.stream.StreamInfo.recorded("LabMarkers", "Markers", 1, 0,
                    org.apical.stream.ChannelFormat.STRING, "lab"));
            double[] row = new double[32];
            for (int f = 0; f < 30 * 1200; f++) {
                pop.step(row, false);
                w.appendNumeric(rig, 100 + f / 30.0, row);
                if (f == 30 * 600) w.appendStrings(marks, 100 + f / 30.0, "anaesthesia on");
            }
        }
        CommandRun run = CommandRun.of("analyze", "residuals", file.toString(), "--out", dir.resolve("lab").toString(),
                "--json");
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode c = run.json().get("conditions").get(0);
        assertEquals("Rig2P", c.get("stream").asText());
        assertEquals(16, c.get("neurons").size());
        for (JsonNode n : c.get("neurons")) {
            assertEquals("none", n.get("role").asText(), "no decoder in the file");
            assertTrue(n.get("task").isNull(), "no task in the file");
            assertTrue(n.get("events").asInt() > 100, n.toString());
        }
        assertTrue(run.out().contains("no task in the file"), run.out());

        CommandRun split = CommandRun.of("analyze", "residuals", file.toString(), "--split-at", "marker:anaesthesia",
                "--out", dir.resolve("lab-split").toString(), "--json");
        assertEquals(0, split.code(), split.out() + split.err());
        JsonNode comparison = split.json().get("comparison");
        assertEquals("labrecorder.xdf before marker:anaesthesia", comparison.get("a").asText());
        assertTrue(comparison.get("paired").asBoolean(), comparison.toString());
        JsonNode halves = split.json().get("conditions");
        assertEquals(600 * 30, halves.get(0).get("frames").asInt(), "the marker splits the frames");

        CommandRun missing = CommandRun.of("analyze", "residuals", file.toString(), "--split-at", "marker:lights off",
                "--out", dir.resolve("x").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("labrecorder.xdf: no marker contains 'lights off'")
                && missing.err().contains("LabMarkers"), missing.err());
    }

    @Test
    void aSessionWithoutSomaDendritePairsIsRefusedByName() throws Exception {
        Path spikes = dir.resolve("spikes.xdf");
        CommandRun demo = CommandRun.of("demo", "--spikes", "--speed", "max", "--duration", "60", "--quiet", "--out",
                spikes.toString());
        assertEquals(0, demo.code(), demo.out() + demo.err());
        CommandRun run = CommandRun.of("analyze", "residuals", spikes.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.err().contains("spikes.xdf") && run.err().contains("no soma–dendrite pairs")
                && run.err().contains("ApicalSimSpikes"), run.err());
    }
}
