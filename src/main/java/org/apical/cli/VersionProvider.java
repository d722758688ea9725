package org.apical.cli;

import org.apical.core.Version;
import picocli.CommandLine;

/** {@code apical --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
        return new String[] {"apical " + Version.current() + " (Java " + Runtime.version() + ")"};
    }
}
