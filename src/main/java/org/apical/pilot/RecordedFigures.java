package org.apical.pilot;

import java.util.Scanner;
import org.apical.core.DecoderRow;
import org.apical.core.Frame;
import org.apical.core.TaskEvent;
import org.apical.core.TaskState;
import org.apical.pipeline.Monitor;
import org.apical.xdf.XdfStream;

/**
 * What a closed-loop recording says the animal did with its decoder: the recorded task events read back into the
 * session's own books ({@link Monitor}, so a trial's outcome means the same as in a pilot run), and the recorded
 * decoder rows for the occupancy.
 */
final class RecordedFigures {
    private RecordedFigures() {}

    static PilotFigures of(PilotRecording rec) {
        var session = rec.session();
        XdfStream events = session.events();
        Monitor monitor = new Monitor();
        Frame f = new Frame(0);
        double[] stamps = events.rawTimestamps();
        for (int i = 0; i < events.samples(); i++) {
            TaskEvent e = parse(events.string(i, 0), stamps[i]);
            if (e == null) continue;
            f.clear();
            f.timestamp = stamps[i];
            f.addEvent(e);
            monitor.onFrame(f);
        }
        monitor.endOfStream();
        var defs = rec.recorded();
        Occupancy occupancy = new Occupancy(defs.decoder(), defs.stimulus());
        XdfStream rows = session.decoder();
        TaskState[] states = TaskState.values();
        for (int i = 0; i < rows.samples(); i++) {
            int code = (int) rows.value(i, DecoderRow.STATE);
            if (code < 0 || code >= states.length) continue;
            occupancy.add(states[code], (int) rows.value(i, DecoderRow.LEVEL), rows.value(i, DecoderRow.ANGLE));
        }
        double[] input = session.input().rawTimestamps();
        double end = input.length == 0 ? Double.NaN : input[input.length - 1];
        return PilotFigures.of(monitor.outcomes(), monitor.rewards(), end, occupancy);
    }

    /** The events that decide outcomes and rewards, from their markers ({@link TaskEvent#marker}); others null. */
    static TaskEvent parse(String marker, double t) {
        String[] words = marker.split(" ");
        int trial = intField(marker, "trial=");
        return switch (words[0]) {
            case "trial_start" -> new TaskEvent.TrialStarted(0, t, trial);
            case "hit" -> new TaskEvent.Hit(0, t, trial, Double.parseDouble(field(marker, "time_to_target=")));
            case "timeout" -> new TaskEvent.TimedOut(0, t, trial);
            case "floor_fail" -> new TaskEvent.FloorFailed(0, t, trial);
            case "trial_aborted" -> new TaskEvent.TrialAborted(0, t, trial, field(marker, "reason="));
            case "stale_input" -> new TaskEvent.StaleInput(0, t, trial, Double.NaN);
            case "reward" -> new TaskEvent.RewardGiven(0, t, trial, Double.NaN, marker.endsWith(" manual"));
            default -> null;
        };
    }

    private static int intField(String marker, String key) {
        String v = field(marker, key);
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static String field(String marker, String key) {
        try (Scanner s = new Scanner(marker)) {
            while (s.hasNext()) {
                String w = s.next();
                if (w.startsWith(key)) return w.substring(key.length());
            }
        }
        return null;
    }
}
