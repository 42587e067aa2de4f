package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.AwsClients;
import io.scanpipeline.forwarder.ForwarderConfig;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.sink.SinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README as a contract (issue 14 item 7): every environment variable a service reads is in that service's variable
 * table in README.md, with its default. The variables are found two ways, so that neither can miss one alone:
 * <ul>
 *   <li>in the sources: every call of the one reader ({@code io.scanpipeline.core.EnvReader}: {@code read.string(
 *       "NAME", ...)}, {@code .duration("NAME", ...)}, ...) in the service's module and in {@code pipeline-core}; and
 *       no main source reads the environment any other way ({@code System.getenv("X")}, {@code env.get("X")}),
 *       which would hide a variable from this scan;</li>
 *   <li>at run time: each service's own {@code fromEnv} is handed a {@link RecordingEnv}, which records every name
 *       looked up, including names built at run time ({@code AWS_ENDPOINT_URL_<SERVICE>}).</li>
 * </ul>
 * A row documents a variable when the variable is in back-quotes in its first cell; its second cell is the default
 * and must not be empty ("required", "none" or a value).
 */
class VariableContractTest {

    /** A call of the one reader whose first argument is a variable name. */
    private static final Pattern READER_CALL = Pattern.compile(
            "\\.(?:string|required|secret|bool|integer|longInteger|duration|choice|url|parseDuration)\\(\\s*"
                    + "\"([A-Z][A-Z0-9_]+)\"");
    /** Reading the environment around the reader. */
    private static final Pattern DIRECT_READ =
            Pattern.compile("(?:System\\.getenv|\\benv\\.get|\\benv\\.getOrDefault|\\benv\\.containsKey)\\(\\s*\"");

    private static final Pattern TABLE_ROW = Pattern.compile("^\\|([^|]*)\\|([^|]*)\\|.*$", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    /** A service: its module, the README section with its table, and its variables as read at run time. */
    record Service(String module, String readmeHeading, Set<String> readAtRunTime) {}

    private static final Map<String, String> INGEST_MIN = Map.of();
    private static final Map<String, String> FORWARDER_MIN = Map.of("STREAM_NAME", "s");
    private static final Map<String, String> SINK_MIN = Map.of(
            "STREAM_NAME",
            "s",
            "APPLICATION_NAME",
            "app",
            "DEAD_LETTER_BUCKET",
            "dl",
            "HEC_URLS",
            "https://splunk:8088",
            "HEC_TOKEN",
            "00000000-0000-0000-0000-000000000000");

    static List<Service> services() {
        RecordingEnv ingest = new RecordingEnv(INGEST_MIN);
        IngestConfig.fromEnv(ingest);
        RecordingEnv forwarder = new RecordingEnv(FORWARDER_MIN);
        ForwarderConfig.fromEnv(forwarder);
        // the forwarder's clients: Kinesis, and S3 for its quarantine (ForwarderHandler.awsClients)
        AwsClients.fromEnv(forwarder, AwsClients.Service.KINESIS, AwsClients.Service.S3);
        RecordingEnv sink = new RecordingEnv(SINK_MIN);
        SinkConfig.fromEnv(sink);
        return List.of(
                new Service("ingest-lambda", "## Ingest (", ingest.read()),
                new Service("dynamo-stream-forwarder", "## Forwarder (", forwarder.read()),
                new Service("splunk-sink", "## Splunk sink (", sink.read()));
    }

    @Test
    void everyVariableAServiceReads_isInItsReadmeTable_withItsDefault() {
        String readme = read(Repo.file("README.md"));
        Map<String, Set<String>> problems = new TreeMap<>();
        for (Service service : services()) {
            Set<String> variables = new TreeSet<>(service.readAtRunTime());
            variables.addAll(readerCalls(Repo.file(service.module() + "/src/main/java")));
            Set<String> missing = undocumented(variables, section(readme, service.readmeHeading()));
            if (!missing.isEmpty()) {
                problems.put(service.module(), missing);
            }
        }
        assertThat(problems)
                .as("variables read by the code but not in the service's README table with a default "
                        + "(add a row: | `NAME` | default | meaning |)")
                .isEmpty();
    }

    @Test
    void sourcesReadTheEnvironmentOnlyThroughTheOneReader() {
        List<String> direct = new ArrayList<>();
        for (String module : List.of("pipeline-core", "ingest-lambda", "dynamo-stream-forwarder", "splunk-sink")) {
            for (Path file : javaFiles(Repo.file(module + "/src/main/java"))) {
                if (file.endsWith(Path.of("io/scanpipeline/core/EnvReader.java"))) {
                    continue;
                }
                String text = read(file);
                Matcher m = DIRECT_READ.matcher(text);
                while (m.find()) {
                    direct.add(Repo.root().relativize(file) + ": "
                            + text.substring(m.start(), Math.min(text.length(), m.end() + 30))
                                    .lines()
                                    .findFirst()
                                    .orElse(""));
                }
            }
        }
        assertThat(direct)
                .as("reads a variable around EnvReader, hiding it from the contract")
                .isEmpty();
    }

    @Test
    void theSourceScan_findsTheReadersCalls_andCoreVariablesAreSeenAtRunTime() {
        // guards the scan against passing because it finds nothing
        Set<String> sink = readerCalls(Repo.file("splunk-sink/src/main/java"));
        assertThat(sink).contains("HEC_URLS", "HEC_ROUTES", "HEC_TOKEN", "STALL_TIMEOUT", "FAILOVER_TIME");
        assertThat(readerCalls(Repo.file("dynamo-stream-forwarder/src/main/java")))
                .contains("STREAM_NAME", "STREAM_ARN", "RETRY_BASE_BACKOFF");
        assertThat(services().get(2).readAtRunTime())
                .contains("AWS_REGION", "AWS_ENDPOINT_URL_KINESIS", "S3_FORCE_PATH_STYLE", "HEC_ROUTES");
    }

    @Test
    void aVariableWithoutARow_orARowWithoutADefault_isReported() {
        String readme = """
                ## Splunk sink (`splunk-sink`)
                | variable | default | meaning |
                |---|---|---|
                | `HEC_URLS`, `HEC_TOKEN` | required | where |
                | `HEC_RETRY_BASE` / `HEC_RETRY_MAX` | | backoff |
                ## Next
                | `NEW_VARIABLE` | 1 | documented in another section |
                """;
        assertThat(undocumented(
                        Set.of("HEC_URLS", "HEC_TOKEN", "HEC_RETRY_BASE", "NEW_VARIABLE"),
                        section(readme, "## Splunk sink (")))
                .containsExactly("HEC_RETRY_BASE", "NEW_VARIABLE");
    }

    /** The variables of {@code variables} without a row of {@code section} that names them and has a default. */
    static Set<String> undocumented(Set<String> variables, String section) {
        Set<String> documented = new TreeSet<>();
        Matcher row = TABLE_ROW.matcher(section);
        while (row.find()) {
            String defaultCell = row.group(2).trim();
            if (defaultCell.isEmpty() || defaultCell.matches("-+")) {
                continue;
            }
            Matcher name = NAME.matcher(row.group(1));
            while (name.find()) {
                documented.add(name.group(1));
            }
        }
        Set<String> missing = new TreeSet<>(variables);
        missing.removeAll(documented);
        return missing;
    }

    /** From the line starting with {@code heading} to the next second-level heading. */
    static String section(String readme, String heading) {
        int start = readme.startsWith(heading) ? 0 : readme.indexOf("\n" + heading);
        assertThat(start).as("README has a section " + heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    static Set<String> readerCalls(Path sources) {
        Set<String> names = new TreeSet<>();
        for (Path file : javaFiles(sources)) {
            Matcher m = READER_CALL.matcher(read(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
