package org.apical.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apical analyze ...}: offline analyses of recorded or simulated sessions, one subcommand per analysis. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Offline analyses of sessions; each writes a report folder (CSV tables and PNG plots).",
        subcommands = {
                AnalyzeInformationCommand.class,
                AnalyzeResidualsCommand.class,
                AnalyzeLicksCommand.class,
        })
public final class AnalyzeCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
