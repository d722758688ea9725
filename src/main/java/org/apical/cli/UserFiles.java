package org.apical.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the user's definition files: as given (relative to the working directory), else relative to the Apical
 * installation ({@code apical.home}, set by the launcher), so {@code ./apical demo} works from any directory.
 */
public final class UserFiles {
    private UserFiles() {}

    public static Path resolve(String given) {
        Path p = Path.of(given);
        if (Files.exists(p) || p.isAbsolute()) return p;
        String home = System.getProperty("apical.home");
        if (home != null) {
            Path q = Path.of(home).resolve(given);
            if (Files.exists(q)) return q;
        }
        return p;
    }
}
