package org.apical.pilot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apical.report.LinePlot;

/** The report folder of an open-loop pilot: summary.md, results.csv and hit-rate.png. */
public final class PilotReport {
    private PilotReport() {}

    /** Said wherever open-loop figures are shown. */
    public static final String CHANCE = "Open-loop results on recorded activity describe chance behaviour: the animal"
            + " never saw these decoders' feedback, so a hit rate here is how often the recorded activity would have"
            + " reached the target under that decoder by chance, not what an animal would learn to do with it.";

    /** One sentence per closed-loop recording: the animal with its decoder, beside that decoder's chance. */
    public static List<String> closedLoopNotes(List<PilotRun.Result> results) {
        List<String> notes = new ArrayList<>();
        for (PilotRun.Result closed : results) {
            if (closed.kind() != PilotRun.Kind.CLOSED_LOOP_RECORDED) continue;
            PilotRun.Result chance = results.stream().filter(r -> r.kind() == PilotRun.Kind.OPEN_LOOP_SHIFTED
                    && r.recording().equals(closed.recording())).findFirst().orElse(null);
            String name = Path.of(closed.recording()).getFileName().toString();
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "%s was a closed-loop session: with feedback from its decoder the animal hit %s of %d trials",
                    name, PilotTables.pct(closed.figures().hitRate()), closed.figures().trials()));
            if (chance != null && chance.figures().hitRate() != null && closed.figures().hitRate() != null) {
                b.append(String.format(Locale.ROOT, "; the same decoder on the same activity shifted away from the"
                                + " trials hits %s, a gap of %+.1f points",
                        PilotTables.pct(chance.figures().hitRate()),
                        (closed.figures().hitRate() - chance.figures().hitRate()) * 100));
            }
            b.append(". Its open-loop run on the recorded activity reproduces every recorded angle, outcome and reward: ")
                    .append(closed.identicalToRecording() == null ? "n/a" : closed.identicalToRecording() ? "yes" : "NO")
                    .append('.');
            notes.add(b.toString());
        }
        return notes;
    }

    /** Writes the folder; returns the files written. */
    public static List<Path> write(Path dir, List<PilotRun.Result> results, List<String> header) {
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            Path md = dir.resolve("summary.md");
            StringBuilder b = new StringBuilder("# Decoder pilot (open loop)\n\n");
            for (String h : header) b.append(h).append("\n\n");
            b.append(CHANCE).append("\n\n");
            b.append(PilotTables.markdown(results)).append('\n');
            b.append("Occupancy: the share of feedback frames at each level (L1…), or in each tenth of the way from"
                    + " the start orientation (b1) to the target (b10).\n\n");
            for (String n : closedLoopNotes(results)) b.append("- ").append(n).append('\n');
            Files.writeString(md, b.toString());
            files.add(md);
            Path csv = dir.resolve("results.csv");
            StringBuilder c = new StringBuilder(PilotTables.CSV_HEADER).append('\n');
            for (PilotRun.Result r : results) c.append(PilotTables.csvRow(r)).append('\n');
            Files.writeString(csv, c.toString());
            files.add(csv);
            Path png = dir.resolve("hit-rate.png");
            hitRatePlot(results).write(png);
            files.add(png);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static LinePlot hitRatePlot(List<PilotRun.Result> results) {
        List<String> recordings = results.stream().map(PilotRun.Result::recording).distinct().toList();
        Map<String, double[]> byDecoder = new LinkedHashMap<>();
        for (PilotRun.Result r : results) {
            String key = r.decoder() + " (" + PilotTables.kind(r.kind()) + ")";
            double[] y = byDecoder.computeIfAbsent(key, k -> {
                double[] a = new double[recordings.size()];
                java.util.Arrays.fill(a, Double.NaN);
                return a;
            });
            y[recordings.indexOf(r.recording())] = r.figures().hitRateOrNaN();
        }
        double[] x = new double[recordings.size()];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        LinePlot plot = new LinePlot("Hit rate per decoder and recording", "recording (order given)", "hit rate")
                .integerX(true);
        byDecoder.forEach((name, y) -> plot.add(LinePlot.Series.of(name, x, y)));
        return plot;
    }
}
