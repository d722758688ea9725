package org.apical.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apical lsl ...}: look at, send and receive Lab Streaming Layer streams (room left for {@code record}). */
@Command(name = "lsl", mixinStandardHelpOptions = true,
        description = "Lab Streaming Layer tools: list streams, send a test stream, receive and verify one.",
        subcommands = {LslListCommand.class, LslSendCommand.class, LslReceiveCommand.class, LslRecordCommand.class})
public final class LslCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
