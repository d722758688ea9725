package org.apical.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder replaced below. */
@Command(name = "preview", mixinStandardHelpOptions = true, description = "Show the grating in a window.")
public final class StimulusPreviewCommand implements Callable<Integer> {
    @Override public Integer call() { return 0; }
}
