package org.apical.cli;

import org.apical.CommandRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeInformationCommandTest {
    @TempDir Path dir;


    static CommandRun run(String... args) { return CommandRun.of(args); }

    @Test
    void simulatedLearningSweepWritesTheReportAndShowsRedundancyGrowing() throws Exception {
        Path out = dir.resolve("report");
        CommandRun r = run("analyze", "information", "--simulate", "coupled", "--neurons", "24", "--trials", "400",
                "--sessions", "3", "--bootstrap", "20", "--bin", "100ms", "--seed", "3", "--save-trials",
                "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("analyze information", j.get("command").asText());
        assertEquals(24, j.get("neurons").asInt());
        assertEquals(out.toAbsolutePath().toString(), j.get("report").asText());
        JsonNode s = j.get("sessions");
        assertEquals(3, s.size());
        for (int k = 1; k < 3; k++) {
            assertTrue(s.get(k).get("redundancy_bc").asDouble() > s.get(k - 1).get("redundancy_bc").asDouble(),
                    "estimated redundancy grows over sessions: " + s);
            double dShuffle = s.get(k).get("shuffle_bc").asDouble() - s.get(k - 1).get("shuffle_bc").asDouble();
            double dReal = s.get(k).get("real_bc").asDouble() - s.get(k - 1).get("real_bc").asDouble();
            assertTrue(dShuffle > dReal, "I_shuffle rises faster than I_real: " + s);
        }
        JsonNode last = s.get(2);
        double truth = last.get("truth").get("real").asDouble();
        assertTrue(Math.abs(last.get("real_bc").asDouble() - truth) < 0.2 * truth, last.toString());
        assertEquals(2, last.get("real_ci").size());
        assertTrue(last.get("real_ci").get(0).asDouble() < last.get("real_ci").get(1).asDouble());
        for (String f : List.of("summary.csv", "time.csv", "distance.csv", "time.png", "time-redundancy.png",
                "sessions.png", "distance.png", "trials-1.csv", "positions-1.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        BufferedImage png = ImageIO.read(out.resolve("sessions.png").toFile());
        assertEquals(900, png.getWidth());
        assertEquals(4, Files.readAllLines(out.resolve("summary.csv")).size());
        assertEquals(1 + 3 * 10, Files.readAllLines(out.resolve("time.csv")).size());
        assertTrue(r.out().contains("I_redundancy"), r.out());
    }

    @Test
    void trialsCsvGivesTheSameEstimatesAsTheSimulationItCameFrom() throws Exception {
        Path sim = dir.resolve("sim");
        CommandRun a = run("analyze", "information", "--simulate", "coupled", "--neurons", "10", "--trials", "200",
                "--bootstrap", "0", "--cv-folds", "0", "--save-trials", "--out", sim.toString(), "--json");
        assertEquals(0, a.code(), a.err());
        CommandRun b = run("analyze", "information", "--trials-csv", sim.resolve("trials-1.csv").toString(),
                "--positions", sim.resolve("positions-1.csv").toString(), "--conditions", "A,B", "--bin", "50ms",
                "--bootstrap", "0", "--cv-folds", "0", "--out", dir.resolve("csv").toString(), "--json");
        assertEquals(0, b.code(), b.err());
        assertEquals(a.json().get("real_bc").asDouble(), b.json().get("real_bc").asDouble(), 1e-9);
        assertEquals(a.json().get("redundancy_bc").asDouble(), b.json().get("redundancy_bc").asDouble(), 1e-9);
        assertTrue(b.json().get("truth") == null);
        assertTrue(Files.exists(dir.resolve("csv").resolve("distance.png")));
    }

    @Test
    void populationTooLargeForItsTrialsFallsBackToTheCrossValidatedEstimate() throws Exception {
        CommandRun r = run("analyze", "information", "--simulate", "coupled", "--neurons", "60", "--trials", "25",
                "--bin", "250ms", "--bootstrap", "10", "--cv-folds", "4", "--out", dir.resolve("cv").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertTrue(j.get("real_bc").isNull() && j.get("redundancy_bc").isNull(), j.toString());
        double cv = j.get("real_cv").asDouble(), truth = j.get("truth").get("real").asDouble();
        assertTrue(cv > 0.3 * truth && cv < 1.5 * truth, "noisy with 25 trials, but the right size: " + j);
        assertTrue(j.get("shuffle_bc").asDouble() > 0);
        assertTrue(r.out().contains("n/a"), r.out());
        CommandRun strict = run("analyze", "information", "--simulate", "coupled", "--neurons", "60", "--trials", "25",
                "--cv-folds", "0", "--out", dir.resolve("strict").toString());
        assertEquals(2, strict.code());
        assertTrue(strict.err().contains("needs more than N + 3 = 63"), strict.err());
    }

    @Test
    void userErrorsExitWithTwoAndAClearMessage() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "condition,trial,time_s,a,b\nA,1,0,1,2\nB,2,0,2,1\nA,3,0,1,1\nB,4,0,3,3\n");
        CommandRun wrong = run("analyze", "information", "--trials-csv", csv.toString(), "--conditions", "hit,miss",
                "--out", dir.resolve("o").toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("no trials with condition 'hit'") && wrong.err().contains("'A' (2 trials)"),
                wrong.err());
        CommandRun few = run("analyze", "information", "--trials-csv", csv.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, few.code());
        assertTrue(few.err().contains("too few trials"), few.err());
        CommandRun xdf = run("analyze", "information", dir.resolve("s.xdf").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, xdf.code());
        assertTrue(xdf.err().contains("s.xdf: no such file"), xdf.err());
        CommandRun bin = run("analyze", "information", "--simulate", "coupled", "--bin", "50", "--out", dir.toString());
        assertEquals(2, bin.code());
        assertTrue(bin.err().contains("needs a unit"), bin.err());
        CommandRun none = run("analyze", "information", "--out", dir.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("nothing to analyse"), none.err());
    }

    @Test
    void sessionRecordingsGiveALearningCurveWithDistanceFromTheirDesc() throws Exception {
        var a = org.apical.information.SessionRecordingFiles.write(dir.resolve("day1.xdf"), 8, 45, true, 1);
        var b = org.apical.information.SessionRecordingFiles.write(dir.resolve("day2.xdf"), 8, 45, true, 2);
        Path out = dir.resolve("xdf-report");
        CommandRun r = run("analyze", "information", a.toString(), b.toString(), "--bin", "200ms", "--bootstrap", "10",
                "--cv-folds", "0", "--distance-bin", "40um", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("hit", j.get("conditions").get(0).asText());
        assertEquals("miss", j.get("conditions").get(1).asText());
        assertEquals(2, j.get("sessions").size());
        assertEquals(8, j.get("neurons").asInt());
        assertTrue(j.get("real_bc").asDouble() > 0.5, "hits raise half the somata: " + j);
        for (String f : List.of("summary.csv", "time.csv", "distance.csv", "time.png", "sessions.png", "distance.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        // Somata sit 17 µm apart on a line: 40 µm bins hold pairs from the desc positions, not from elsewhere.
        // The writer places soma i at (17·i, 5·(i mod 4)) µm; the pair counts per 40 µm bin must follow from that.
        java.util.Map<Integer, Integer> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 8; i++) {
            for (int k = i + 1; k < 8; k++) {
                double d = Math.hypot(17.0 * (i - k), 5.0 * (i % 4 - k % 4));
                expected.merge((int) Math.floor(d / 40), 1, Integer::sum);
            }
        }
        List<String> dist = Files.readAllLines(out.resolve("distance.csv"));
        java.util.Map<Integer, Integer> found = new java.util.TreeMap<>();
        for (String line : dist.subList(1, dist.size())) {
            String[] c = line.split(",");
            if (!c[0].equals("day1.xdf")) continue;
            int pairs = Integer.parseInt(c[4]);
            if (pairs > 0) found.put((int) Math.round(Double.parseDouble(c[2]) / 40), pairs);
        }
        assertEquals(expected, found, dist.toString());

        CommandRun bad = run("analyze", "information", a.toString(), "--conditions", "hit,B", "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("day1.xdf") && bad.err().contains("found"), bad.err());
    }
}
