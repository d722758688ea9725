package org.apical.light;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apical.core.UserException;
import org.apical.report.LinePlot;
import org.apical.report.RasterPlot;
import org.apical.stream.ApicalStreams;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;

/**
 * The licks of a recorded session around its rewards ({@code apical analyze licks}): a raster (one row per reward,
 * each lick at its time from the reward), the lick rate around the reward, and the anticipatory licks (in the
 * seconds before the reward) in the session's first and second half, which grow as the animal learns to expect
 * the water. Rewards that went to the light instead of the water (at_hit, volume 0) are rows too, marked.
 */
public final class LickRaster {
    /** One reward with the licks around it (seconds from the reward) and whether it carried water. */
    public record Row(double time, int trial, boolean water, double[] licks) {}

    /** The raster and its figures. */
    public record Result(Path file, double beforeS, double afterS, long licks, List<Row> rows,
                         double anticipatoryFirstHalf, double anticipatorySecondHalf, double rateBeforeHz,
                         double rateAfterHz) {}

    private LickRaster() {}

    public static Result read(Path file, double beforeS, double afterS) {
        XdfFile xdf = XdfReader.readNamed(file);
        XdfStream licks = null, rewards = null;
        for (XdfStream s : xdf.streams()) {
            if (s.name().equals(ApicalStreams.LICKS)) licks = s;
            if (s.name().equals(ApicalStreams.REWARDS)) rewards = s;
        }
        if (licks == null) {
            throw new UserException(file + ": no " + ApicalStreams.LICKS + " stream: the session had no lick reports"
                    + " (a controller with apical_valve protocol 3, or the simulated rig)");
        }
        if (rewards == null || rewards.samples() == 0) {
            throw new UserException(file + ": no rewards in " + ApicalStreams.REWARDS + ": there is nothing to align"
                    + " the licks to");
        }
        double[] t = licks.timestamps().clone();
        Arrays.sort(t);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < rewards.samples(); i++) {
            String m = rewards.string(i, 0);
            if (m.contains(" manual")) continue;
            double at = rewards.timestamps()[i];
            int from = lowerBound(t, at - beforeS), to = lowerBound(t, at + afterS);
            double[] rel = new double[to - from];
            for (int k = from; k < to; k++) rel[k - from] = t[k] - at;
            rows.add(new Row(at, field(m, "trial="), !m.contains("volume_ul=0.0 ") && !m.contains("volume_ul=0 "), rel));
        }
        int half = rows.size() / 2;
        double first = anticipatory(rows.subList(0, half)), second = anticipatory(rows.subList(half, rows.size()));
        long before = 0, after = 0;
        for (Row r : rows) for (double x : r.licks()) if (x < 0) before++; else after++;
        int n = Math.max(1, rows.size());
        return new Result(file, beforeS, afterS, t.length, List.copyOf(rows), first, second, before / (n * beforeS),
                after / (n * afterS));
    }

    /** Mean licks per reward in the {@code before} window, NaN without rewards. */
    private static double anticipatory(List<Row> rows) {
        if (rows.isEmpty()) return Double.NaN;
        long n = 0;
        for (Row r : rows) for (double x : r.licks()) if (x < 0) n++;
        return n / (double) rows.size();
    }

    /** Writes licks.png (the raster) and lick-rate.png (licks/s in 100 ms bins, every reward pooled). */
    public static List<Path> plot(Result r, Path dir) {
        Path raster = dir.resolve("licks.png");
        long light = r.rows().stream().filter(x -> !x.water()).count();
        RasterPlot plot = new RasterPlot("Licks around each reward (" + r.rows().size() + " rewards" + (light > 0 ? ", "
                + light + " as light instead of water, in orange" : "") + ")", "seconds from the reward",
                "reward (in session order)").range(-r.beforeS(), r.afterS());
        for (Row row : r.rows()) plot.row(row.licks(), !row.water());
        plot.write(raster);
        double bin = 0.1;
        int bins = (int) Math.round((r.beforeS() + r.afterS()) / bin);
        double[] x = new double[bins], y = new double[bins];
        for (int b = 0; b < bins; b++) x[b] = -r.beforeS() + (b + 0.5) * bin;
        for (Row row : r.rows()) {
            for (double l : row.licks()) {
                int b = (int) Math.floor((l + r.beforeS()) / bin);
                if (b >= 0 && b < bins) y[b]++;
            }
        }
        for (int b = 0; b < bins; b++) y[b] /= Math.max(1, r.rows().size()) * bin;
        Path rate = dir.resolve("lick-rate.png");
        new LinePlot("Lick rate around the reward", "seconds from the reward", "licks / s")
                .add(LinePlot.Series.of("all rewards", x, y)).includeZero(true).write(rate);
        return List.of(raster, rate);
    }

    private static int lowerBound(double[] a, double v) {
        int k = Arrays.binarySearch(a, v);
        if (k < 0) return -k - 1;
        while (k > 0 && a[k - 1] == v) k--;
        return k;
    }

    private static int field(String marker, String key) {
        int i = marker.indexOf(key);
        if (i < 0) return 0;
        int j = i + key.length(), e = j;
        while (e < marker.length() && Character.isDigit(marker.charAt(e))) e++;
        return e > j ? Integer.parseInt(marker.substring(j, e)) : 0;
    }
}
