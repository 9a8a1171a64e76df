package io.keyward.lock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ./keyward} command line: {@code up} starts everything (for now two simulated locks),
 * {@code lock} runs one simulated lock with its panel. Usage errors exit with 2, failures with 1.
 */
@Command(name = "keyward", mixinStandardHelpOptions = true, version = "Keyward 0.1.0-SNAPSHOT",
        description = "Keyward, an open smart-lock platform: simulated locks and their panel API.",
        subcommands = {Up.class, RunLock.class, RunFleet.class, CommandLine.HelpCommand.class})
public final class Keyward implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: up, lock, fleet or help");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Keyward()).execute(args));
    }
}
