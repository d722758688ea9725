package org.apical.cli;

import java.nio.file.Path;
import org.apical.config.Definitions;
import picocli.CommandLine.Option;
import org.apical.session.SessionRunner;

/** The options every live session command shares ({@code demo}, {@code run}): windows, recording, output. */
public final class SessionOptions {
    @Option(names = "--console", description = "Open the operator console (needs a display).")
    boolean console;

    @Option(names = "--stimulus-window", description = "Open the stimulus window on the rig's screen (needs a display).")
    boolean stimulusWindow;

    @Option(names = "--out", description = "Session file to write (default: a dated file in the rig's recording folder).")
    Path outFile;

    @Option(names = "--no-record", description = "Do not record the session.")
    boolean noRecord;

    @Option(names = "--quiet", description = "No line per trial.")
    boolean quiet;

    @Option(names = "--json", description = "Print the summary as one JSON object on the last line.")
    boolean json;

    SessionRunner.Options runner() { return new SessionRunner.Options(console, stimulusWindow, quiet); }

    /** Where this session records: --out, else the rig's dated default, or null when recording is off. */
    Path recording(Definitions defs) {
        if (noRecord || (outFile == null && !defs.rig().recording().enabled())) return null;
        return outFile != null ? outFile : SessionRunner.defaultRecording(defs);
    }
}
