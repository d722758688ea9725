package org.apical.information;

import java.io.IOException;
import java.nio.file.Path;

/** Public door to {@link SessionRecordingFile} for tests in other packages. */
public final class SessionRecordingFiles {
    private SessionRecordingFiles() {}

    /** Writes a session recording; returns its path. */
    public static Path write(Path file, int neurons, int trials, boolean withEvents, long seed) throws IOException {
        return SessionRecordingFile.write(file, neurons, trials, withEvents, seed).file();
    }
}
