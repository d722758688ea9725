package org.apical.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apical reward ...}: work with the rig's reward hardware outside a session. */
@Command(name = "reward", mixinStandardHelpOptions = true,
        description = "Reward hardware: pulse the valve once, calibrate it (docs/reward.md).",
        subcommands = {RewardTestCommand.class, RewardCalibrateCommand.class})
public final class RewardCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
