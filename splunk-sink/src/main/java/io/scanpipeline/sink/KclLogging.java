package io.scanpipeline.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes KCL's and the AWS SDK's log lines (SLF4J, bound to java.util.logging by {@code slf4j-jdk14}) to standard
 * output as JSON lines shaped like {@link io.scanpipeline.core.StructuredLog}'s, at the level of
 * {@code KCL_LOG_LEVEL}.
 */
public final class KclLogging {

    private KclLogging() {}

    /** Replaces the root handlers with one JSON handler on standard output at {@code level}. */
    public static void install(String level) {
        Level parsed = Level.parse(level);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new StdoutHandler();
        handler.setFormatter(new JsonFormatter());
        handler.setLevel(parsed);
        root.addHandler(handler);
        root.setLevel(parsed);
    }

    /**
     * Writes to whatever {@code System.out} is, and never closes it: java.util.logging closes its handlers from a
     * shutdown hook, and a StreamHandler on System.out would close standard output under the sink's own shutdown
     * hook, losing its last log lines.
     */
    static final class StdoutHandler extends Handler {
        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                System.out.print(getFormatter().format(record));
                System.out.flush();
            }
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** One JSON object per record: timestamp, level, logger, event "kcl_log", message and error. */
    static final class JsonFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            ObjectNode line = Json.mapper().createObjectNode();
            line.put("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
            line.put("level", level(record.getLevel()));
            line.put("logger", record.getLoggerName());
            line.put("event", "kcl_log");
            line.put("message", formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.put("error", trace.toString());
            }
            return line + System.lineSeparator();
        }

        private static String level(Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (level.intValue() >= Level.WARNING.intValue()) {
                return "WARN";
            }
            return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
        }
    }
}
