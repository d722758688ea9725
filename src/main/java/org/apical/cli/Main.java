package org.apical.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code apical} command. One class per subcommand; register new ones in {@link #SUBCOMMANDS}. */
@Command(name = "apical", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Real-time closed-loop BCI controller for neuroscience rigs.")
public final class Main implements Runnable {

    static final Class<?>[] SUBCOMMANDS = {
            DemoCommand.class,
            RunCommand.class,
            ReplayCommand.class,
            BenchCommand.class,
            StimulusCommand.class,
            AnalyzeCommand.class,
            org.apical.cli.RewardCommand.class,
            LslCommand.class,
            org.apical.cli.XdfCommand.class,
            PilotCommand.class,
            FramesCommand.class,
    };

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : SUBCOMMANDS) cl.addSubcommand(c);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.out.flush();
        System.exit(code);
    }
}
