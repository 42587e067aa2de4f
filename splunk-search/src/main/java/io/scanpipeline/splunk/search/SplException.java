package io.scanpipeline.splunk.search;

/**
 * Every failure of the local search stand-in: a search it cannot parse, a command or function it does not know or
 * does not support, an argument Splunk would reject, a macro that does not expand. Unchecked; the message names the
 * command (or function, macro) and the offending text. A search is never answered with an empty result instead.
 */
public class SplException extends RuntimeException {
    public SplException(String message) {
        super(message);
    }

    /** The search text does not parse (unbalanced quotes or parentheses, a missing operand, ...). */
    public static final class SyntaxError extends SplException {
        public SyntaxError(String message) {
            super(message);
        }
    }

    /** A command Splunk does not have, or one this stand-in does not support. */
    public static final class UnknownCommand extends SplException {
        public UnknownCommand(String message) {
            super(message);
        }
    }

    /** An eval or stats function Splunk does not have, or one this stand-in does not support. */
    public static final class UnknownFunction extends SplException {
        public UnknownFunction(String message) {
            super(message);
        }
    }

    /** An option, term or value a command does not accept. */
    public static final class BadArgument extends SplException {
        public BadArgument(String message) {
            super(message);
        }
    }

    /** An unknown macro, a wrong number of arguments, a failed validation, or recursion that does not end. */
    public static final class MacroError extends SplException {
        public MacroError(String message) {
            super(message);
        }
    }

    /** The message every refused-but-real Splunk feature carries. */
    public static String unsupported(String name) {
        return "not supported by the local search stand-in: " + name;
    }
}
