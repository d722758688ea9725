package org.apical.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code apical bench ...}: benchmarks that print figures (never assert them). One subcommand per subject. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: print measured figures (add --json for one JSON object on the last line).",
        subcommands = {
                BenchPipelineCommand.class,
                BenchReplayCommand.class,
                BenchResidualsCommand.class,
                BenchPilotCommand.class,
                BenchJmhCommand.class,
                BenchStimulusCommand.class,
                InformationBenchCommand.class,
                org.apical.cli.RewardBenchCommand.class,
                BenchLslCommand.class,
                BenchSpikesCommand.class,
                org.apical.cli.RecorderBenchCommand.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }
}
