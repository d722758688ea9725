package org.apical.cli;

import org.apical.core.Version;
import picocli.CommandLine;

/** {@code apical --version}: Apical's version, and which Java runs it (an installed archive runs its own runtime). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
        return new String[] {"apical " + Version.current() + " (Java " + Runtime.version() + " at "
                + System.getProperty("java.home") + ")"};
    }
}
