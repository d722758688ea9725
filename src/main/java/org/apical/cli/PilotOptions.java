package org.apical.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apical.pilot.Progress;
import picocli.CommandLine.Option;

/** What {@code apical pilot} and {@code pilot simulate} share: threads, sweeps, the report folder, --json. */
final class PilotOptions {
    @Option(names = "--sweep", paramLabel = "FIELD=A:B:STEP|V1,V2|[..],[..]",
            description = "Sweep a decoder field (its path in the file) over a range (mapping.gain=0.5:2:0.25),"
                    + " a list (smoothing_frames=1,3,5) or ensemble candidates (ensembles.plus=[0,1,2],[3,4,5]);"
                    + " repeat for a grid.")
    List<String> sweeps = new ArrayList<>();

    @Option(names = "--within", paramLabel = "METRIC=LOW:HIGH",
            description = "A sweep's constraint on a metric, e.g. hit_rate=0.25:0.35 (repeatable).")
    List<String> within = new ArrayList<>();

    @Option(names = "--best", paramLabel = "[min:|max:]METRIC",
            description = "What the best setting of a sweep has most (max:, the default) or least (min:) of.")
    String best;

    @Option(names = "--threads", description = "Threads (default: all cores).")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: pilot-<date>-<time>).")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--json", description = "One JSON object on the last line.")
    boolean json;

    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : PilotCommand.positive(threads, "--threads");
    }

    Path outDir() {
        return out != null ? out
                : Path.of("pilot-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    Progress progress(String what, int total) {
        return quiet || total == 0 ? Progress.none() : Progress.on(System.err, what, total);
    }
}
