package org.mesogun.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one runnable jar: {@code java -jar target/mesogun.jar <command>}. */
@Command(name = "mesogun",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Controller service for an electronic mesotherapy injector gun.",
        subcommands = {CommandLine.HelpCommand.class, SimulateCommand.class, CheckConfigCommand.class,
                BenchCommand.class, RunCommand.class, InitCommand.class, MonitorCommand.class, ReliabilityCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
