package io.scanpipeline.cli;

import picocli.CommandLine.Option;

/** {@code -h} / {@code --help}, mixed into every command ({@code @Mixin HelpOption help;}); see {@link Commands}. */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Print this help on standard output and exit 0.")
    boolean requested;
}
