package org.apical.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apical.core.UserException;
import org.apical.light.LickRaster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apical analyze licks SESSION.xdf --out DIR}: the lick raster around the rewards of a recorded session. */
@Command(name = "licks", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Licks of a recorded session around its rewards: a raster (one row per reward), the",
                "lick rate around the reward, and the anticipatory licks (before the reward) in the",
                "session's first and second half. Writes licks.png, lick-rate.png and licks.csv to --out."})
public final class AnalyzeLicksCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SESSION.xdf", description = "A session recorded by Apical with lick reports.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--before", defaultValue = "2", paramLabel = "S", description = "Seconds before each reward"
            + " (default ${DEFAULT-VALUE}).")
    double before;

    @Option(names = "--after", defaultValue = "4", paramLabel = "S", description = "Seconds after each reward"
            + " (default ${DEFAULT-VALUE}).")
    double after;

    @Option(names = "--json", description = "One JSON object on the last line (fields: README.md).")
    boolean json;

    @Override public Integer call() throws Exception {
        if (!(before > 0) || !(after > 0)) {
            throw new UserException("--before and --after: must be above 0 s, got " + before + " and " + after);
        }
        LickRaster.Result r = LickRaster.read(file, before, after);
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>(LickRaster.plot(r, out));
        Path csv = out.resolve("licks.csv");
        StringBuilder b = new StringBuilder("reward,trial,reward_time,water,lick_s\n");
        for (int i = 0; i < r.rows().size(); i++) {
            LickRaster.Row row = r.rows().get(i);
            for (double l : row.licks()) {
                b.append(String.format(Locale.ROOT, "%d,%d,%.6f,%s,%.4f%n", i + 1, row.trial(), row.time(), row.water(), l));
            }
        }
        Files.writeString(csv, b);
        files.add(csv);
        var w = System.out;
        w.printf(Locale.ROOT, "%s: %d licks, %d rewards; %.2f licks/s in the %.0f s before a reward, %.2f in the %.0f s"
                        + " after; anticipatory licks per reward %.2f in the first half, %.2f in the second%n",
                file.getFileName(), r.licks(), r.rows().size(), r.rateBeforeHz(), before, r.rateAfterHz(), after,
                r.anticipatoryFirstHalf(), r.anticipatorySecondHalf());
        w.println("report: " + out + " (" + files.size() + " files)");
        if (json) {
            Map<String, Object> m = Json.object();
            m.put("file", file.toString());
            m.put("licks", r.licks());
            m.put("rewards", r.rows().size());
            m.put("light_rewards", r.rows().stream().filter(x -> !x.water()).count());
            m.put("before_s", before);
            m.put("after_s", after);
            m.put("rate_before_hz", Json.number(r.rateBeforeHz()));
            m.put("rate_after_hz", Json.number(r.rateAfterHz()));
            m.put("anticipatory_first_half", Json.number(r.anticipatoryFirstHalf()));
            m.put("anticipatory_second_half", Json.number(r.anticipatorySecondHalf()));
            m.put("files", files.stream().map(Path::toString).toList());
            w.println(Json.line(m));
        }
        return 0;
    }
}
