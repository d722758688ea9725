package org.apical.pilot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apical.report.LinePlot;

/**
 * The report folder of a simulated closed loop: learning-curves.png (per decoder the mean hit rate per block over
 * seeds, shaded from the lowest to the highest seed), learning.csv (every seed's blocks), seeds.csv (every seed's
 * figures) and summary.md.
 */
public final class LearningReport {
    private LearningReport() {}

    public static List<Path> write(Path dir, List<SimulatedLearning.SeedRun> runs, List<SimulatedLearning.Curve> curves,
                                   int block, double seconds) {
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            Path png = dir.resolve("learning-curves.png");
            LinePlot plot = new LinePlot("Learning with the simulated animal (mean over seeds, band: lowest–highest)",
                    "block of " + block + " trials", "hit rate").integerX(true);
            for (SimulatedLearning.Curve c : curves) {
                double[] x = new double[c.mean().length];
                for (int i = 0; i < x.length; i++) x[i] = i + 1;
                plot.add(LinePlot.Series.of(c.decoder(), x, c.mean()).withBand(c.low(), c.high()));
            }
            plot.write(png);
            files.add(png);
            StringBuilder l = new StringBuilder("decoder,seed,block,hit_rate\n");
            StringBuilder s = new StringBuilder("decoder,seed," + PilotTables.FIGURES_HEADER + "\n");
            for (SimulatedLearning.SeedRun r : runs) {
                for (int b = 0; b < r.blocks().length; b++) {
                    l.append(PilotTables.csv(r.decoder())).append(',').append(r.seed()).append(',').append(b + 1)
                            .append(',').append(PilotTables.num(r.blocks()[b], 4)).append('\n');
                }
                s.append(PilotTables.csv(r.decoder())).append(',').append(r.seed()).append(',')
                        .append(PilotTables.figuresCsv(r.figures(), Double.NaN, Double.NaN, null)).append('\n');
            }
            Path learning = dir.resolve("learning.csv");
            Files.writeString(learning, l.toString());
            files.add(learning);
            Path seeds = dir.resolve("seeds.csv");
            Files.writeString(seeds, s.toString());
            files.add(seeds);
            Path md = dir.resolve("summary.md");
            Files.writeString(md, summary(runs, curves, block, seconds));
            files.add(md);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String summary(List<SimulatedLearning.SeedRun> runs, List<SimulatedLearning.Curve> curves, int block,
                                  double seconds) {
        StringBuilder b = new StringBuilder("# Decoders with the simulated animal (closed loop)\n\n");
        b.append(String.format(Locale.ROOT, "Each decoder ran a %.0f s session with each seed's simulated population"
                + " and its learner; hit rate per block of %d trials, mean over seeds with the spread (lowest–highest"
                + " seed, SD).%n%n", seconds, block));
        b.append("| decoder | seeds | hit rate, mean | first block | last block (lowest–highest, SD) | rewards, mean |\n");
        b.append("| --- | --- | --- | --- | --- | --- |\n");
        for (SimulatedLearning.Curve c : curves) {
            List<SimulatedLearning.SeedRun> mine = runs.stream().filter(r -> r.decoder().equals(c.decoder())).toList();
            double hr = mine.stream().mapToDouble(r -> r.figures().hitRateOrNaN()).average().orElse(Double.NaN);
            double rw = mine.stream().mapToInt(r -> r.figures().rewards()).average().orElse(Double.NaN);
            int last = c.mean().length - 1;
            b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %s | %s | %.1f |%n", c.decoder(), mine.size(), hr,
                    last < 0 ? "-" : String.format(Locale.ROOT, "%.3f", c.mean()[0]),
                    last < 0 ? "-" : String.format(Locale.ROOT, "%.3f (%.3f–%.3f, %.3f)", c.mean()[last], c.low()[last],
                            c.high()[last], c.sd()[last]), rw));
        }
        return b.toString();
    }
}
