package org.apical.cli;

import picocli.CommandLine.Command;

/** {@code apical demo}: the whole closed loop on the embedded simulated rig. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the closed loop end to end on the embedded simulated rig.")
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Override public Integer call() { return 0; }
}
