package org.apical.spikes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apical.CommandRun;
import org.apical.information.PopulationTrials;
import org.apical.information.SessionTrials;
import org.apical.xdf.XdfFile;
import org.apical.xdf.XdfReader;
import org.apical.xdf.XdfStream;
import org.apical.xdf.XdfWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording that holds spike events and no bins (as another tool would record a sorter beside Apical's events)
 * reaches {@code analyze information} binned by the session's binning code: the same trials, the same counts as the
 * bins the session itself recorded.
 */
class RecordedSpikeEventsTest {

    @Test
    void anEventsOnlyRecordingGivesTheInformationAnalysisTheSessionsOwnCounts(@TempDir Path dir) throws Exception {
        Path session = dir.resolve("session.xdf");
        CommandRun demo = CommandRun.of("demo", "--spike-events", "--duration", "120", "--speed", "max", "--out",
                session.toString(), "--quiet");
        assertEquals(0, demo.code(), demo.out() + demo.err());
        XdfFile xdf = XdfReader.read(session);
        XdfStream raw = stream(xdf, "ApicalSimSpikeEvents");
        XdfStream events = stream(xdf, "ApicalEvents");
        Path eventsOnly = dir.resolve("events-only.xdf");
        try (XdfWriter w = XdfWriter.create(eventsOnly)) {
            int r = w.addStream(raw.header());
            int e = w.addStream(events.header());
            double[] one = new double[1];
            for (int i = 0; i < raw.samples(); i++) {
                one[0] = raw.value(i, 0);
                w.appendNumeric(r, raw.timestamps()[i], one);
            }
            for (int i = 0; i < events.samples(); i++) w.appendStrings(e, events.timestamps()[i], events.string(i, 0));
        }
        var o = new SessionTrials.Options(SessionTrials.Align.TRIAL_START, SessionTrials.Channels.SOMA, 0.2, 1.0,
                0.05, 30);
        PopulationTrials fromBins = SessionTrials.read(session, "early", "late", o);
        PopulationTrials fromEvents = SessionTrials.read(eventsOnly, "early", "late", o);
        assertTrue(fromBins.trials().size() >= 4, "trials: " + fromBins.trials().size());
        assertEquals(fromBins.trials().size(), fromEvents.trials().size());
        assertEquals(fromBins.neuronNames(), fromEvents.neuronNames());
        double total = 0;
        for (int t = 0; t < fromBins.trials().size(); t++) {
            assertArrayEquals(fromBins.trials().get(t).values(), fromEvents.trials().get(t).values(), "trial " + t);
            for (double v : fromEvents.trials().get(t).values()) total += v;
        }
        assertTrue(total > 100, "spikes in the trial windows: " + total);
    }

    private static XdfStream stream(XdfFile xdf, String name) {
        return xdf.streams().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
