package org.apical.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apical stimulus ...}: look at the grating a stimulus file describes. */
@Command(name = "stimulus", mixinStandardHelpOptions = true,
        description = "The grating the mouse sees: preview it in a window or render one frame to a PNG.",
        subcommands = {StimulusPreviewCommand.class, StimulusSnapshotCommand.class})
public final class StimulusCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
