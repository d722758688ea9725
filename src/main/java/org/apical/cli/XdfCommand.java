package org.apical.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apical xdf ...}: XDF file tools. */
@Command(name = "xdf", mixinStandardHelpOptions = true, description = "XDF file tools.",
        subcommands = {XdfInfoCommand.class})
public final class XdfCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
