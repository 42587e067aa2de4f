package io.scanpipeline.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * How every command of the project behaves, whatever it does (the conventions of the tools people know):
 * <ul>
 *   <li>{@code -h} / {@code --help} prints the usage on standard output and exits {@value #OK}, before anything is
 *       read, built or started, also when other arguments are wrong;</li>
 *   <li>a usage error (unknown option, missing or malformed argument) is <em>one</em> line on standard error, naming
 *       the argument and pointing at {@code --help}, and exits {@value #USAGE};</li>
 *   <li>a failure while running is one line on standard error ({@code <command>: <message>}), never a stack trace,
 *       and exits {@value #FAILED}, or the code the command's {@link CommandLine.IExitCodeExceptionMapper} gives
 *       (e.g. {@value #USAGE} for invalid configuration);</li>
 *   <li>otherwise the exit code is what the command's {@code call()} returns.</li>
 * </ul>
 * A command is a picocli {@code @Command} object implementing {@code Callable<Integer>}, with {@link HelpOption}
 * mixed in. Tests run it through {@link #run(Object, PrintWriter, PrintWriter, String...)}, which returns the code of
 * picocli's {@link CommandLine#execute}; only {@link #exit} calls {@code System.exit}.
 */
public final class Commands {

    /** Done. */
    public static final int OK = 0;
    /** The command ran and did not complete (the message says what is missing). */
    public static final int FAILED = 1;
    /** Invalid arguments (or configuration, where a command says so): nothing was done. */
    public static final int USAGE = 2;

    private Commands() {}

    /**
     * System property a {@code bin/} wrapper sets to its own name ({@code -Dscanpipeline.command=bin/replay}), so
     * that the usage and the error lines name what the user typed rather than the class or jar it runs.
     */
    public static final String NAME_PROPERTY = "scanpipeline.command";

    /** The command line for {@code command} with the conventions above (a test may set its out/err). */
    public static CommandLine commandLine(Object command) {
        CommandLine line = new CommandLine(command);
        String name = System.getProperty(NAME_PROPERTY);
        if (name != null && !name.isBlank()) {
            line.setCommandName(name);
        }
        line.setUsageHelpWidth(100);
        line.setParameterExceptionHandler(Commands::usageError);
        line.setExecutionExceptionHandler(Commands::failure);
        if (command instanceof CommandLine.IExitCodeExceptionMapper mapper) {
            line.setExitCodeExceptionMapper(mapper);
        }
        return line;
    }

    /** Runs {@code command} with {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = commandLine(command);
        line.setOut(out);
        line.setErr(err);
        try {
            return line.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs {@code command} on standard output and error, then exits the JVM with its code. */
    public static void exit(Object command, String... args) {
        int code = commandLine(command).execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** One line: what is wrong, and where the usage is; or the usage, when it was asked for. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        if (asksForHelp(args)) {
            // picocli converts values while it parses, so "--count x --help" fails before it sees the help option;
            // help is what was asked for (and the bin/ wrappers skip their build on it), so help it is
            line.usage(line.getOut());
            line.getOut().flush();
            return OK;
        }
        String name = line.getCommandSpec().qualifiedName();
        // picocli starts some messages (argument groups) with "Error: "; the line says that already
        String problem = oneLine(e.getMessage()).replaceFirst("^Error: ", "");
        line.getErr().println(name + ": " + problem + " (see '" + name + " --help')");
        line.getErr().flush();
        return USAGE;
    }

    /** Whether {@code -h} or {@code --help} is among the arguments (before a {@code --}). */
    public static boolean asksForHelp(String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    private static int failure(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
        line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + oneLine(message(e)));
        line.getErr().flush();
        CommandLine.IExitCodeExceptionMapper mapper = line.getExitCodeExceptionMapper();
        return mapper != null ? mapper.getExitCode(e) : FAILED;
    }

    /** The exception's message, with its cause's when that adds something. */
    static String message(Throwable e) {
        String message = e.getMessage() != null && !e.getMessage().isBlank()
                ? e.getMessage()
                : e.getClass().getName();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        return message;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
