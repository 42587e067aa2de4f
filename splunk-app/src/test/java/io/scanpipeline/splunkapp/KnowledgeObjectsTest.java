package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** fields.conf, props.conf, eventtypes.conf, tags.conf and the severity lookup: CIM Vulnerabilities, nothing global. */
class KnowledgeObjectsTest {

    static final Set<String> CIM_SEVERITIES = Set.of("critical", "high", "medium", "low", "informational");
    static final List<String> CIM_FIELDS = List.of(
            "signature",
            "signature_id",
            "cve",
            "cvss",
            "severity",
            "severity_id",
            "vendor_severity",
            "dest",
            "category",
            "vendor_product");

    @Test
    void indexedFieldDeclarations_useOnlyDistinctivePipelineNames() {
        // fields.conf is global: [eventName] INDEXED = true changes eventName=ConsoleLogin in CloudTrail searches too
        ConfFile fields = AppFiles.conf("fields.conf");
        List<String> leaks = new ArrayList<>();
        fields.stanzas().forEach((name, settings) -> {
            if ("true".equalsIgnoreCase(settings.getOrDefault("INDEXED", "false"))
                    && !name.startsWith("scanpipeline_")) {
                leaks.add("[" + name + "] INDEXED = true");
            }
        });
        assertThat(leaks)
                .as(fields.file() + " declares common field names indexed for every app and sourcetype")
                .isEmpty();
    }

    @Test
    void vulnerabilityAndReportTags_markOnlyCurrentFindings() {
        ConfFile tags = AppFiles.conf("tags.conf");
        ConfFile eventtypes = AppFiles.conf("eventtypes.conf");
        List<String> tagged = new ArrayList<>();
        tags.stanzas().forEach((stanza, settings) -> {
            if (settings.containsKey("vulnerability") || settings.containsKey("report")) {
                tagged.add(stanza);
                assertThat(stanza).as("tags go on eventtypes").startsWith("eventtype=");
                String search = eventtypes
                        .stanza(stanza.substring("eventtype=".length()))
                        .get("search");
                assertThat(search).as(stanza + " must exist in eventtypes.conf").isNotNull();
                assertThat(search)
                        .as(stanza + ": only findings (records of a scanner), not Employees")
                        .contains("source.scanner=*");
                assertThat(search)
                        .as(stanza + ": a REMOVE is a fixed finding, not a current report")
                        .contains("eventName=\"INSERT\"")
                        .contains("eventName=\"MODIFY\"")
                        .doesNotContain("REMOVE");
            }
        });
        assertThat(tagged).singleElement().isEqualTo("eventtype=scan_pipeline_finding");
        assertThat(tags.stanza("eventtype=scan_pipeline_finding"))
                .containsEntry("vulnerability", "enabled")
                .containsEntry("report", "enabled");
    }

    @Test
    void cimFields_comeFromPropsForTheFindingSourcetype() {
        Map<String, String> props = AppFiles.conf("props.conf").stanza("scan:finding");
        Set<String> provided = new TreeSet<>();
        props.forEach((key, value) -> {
            if (key.startsWith("EVAL-")) {
                provided.add(key.substring(5));
            } else if (key.startsWith("FIELDALIAS-")) {
                Matcher as = Pattern.compile("(?i)\\bAS\\s+(\\S+)").matcher(value);
                while (as.find()) {
                    provided.add(as.group(1));
                }
            } else if (key.startsWith("LOOKUP-")) {
                provided.addAll(List.of(
                        value.replaceFirst("(?is).*\\bOUTPUT(NEW)?\\s+", "").split("\\s+")));
            }
        });
        assertThat(provided).containsAll(CIM_FIELDS);
        assertThat(props).containsEntry("KV_MODE", "json").doesNotContainKey("INDEXED_EXTRACTIONS");
    }

    @Test
    void calculatedFields_readExtractedFieldsNotEachOther() {
        // Splunk evaluates every EVAL- against the same input: one calculated field cannot see another
        Map<String, String> props = AppFiles.conf("props.conf").stanza("scan:finding");
        Set<String> calculated = new TreeSet<>(CIM_FIELDS);
        props.keySet().stream().filter(k -> k.startsWith("EVAL-")).forEach(k -> calculated.add(k.substring(5)));
        List<String> problems = new ArrayList<>();
        props.forEach((key, expression) -> {
            if (!key.startsWith("EVAL-")) {
                return;
            }
            String withoutStrings = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
            Matcher names = Pattern.compile("'([^']+)'|\\b([A-Za-z_][A-Za-z0-9_.]*)\\b(?!\\s*\\()")
                    .matcher(withoutStrings);
            while (names.find()) {
                String name = names.group(1) != null ? names.group(1) : names.group(2);
                if (calculated.contains(name)) {
                    problems.add(key + " reads the calculated field " + name);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void removeEvents_takeTheirCimValuesFromTheOldImage() {
        Map<String, String> props = AppFiles.conf("props.conf").stanza("scan:finding");
        for (String field : List.of("signature", "signature_id", "dest", "vendor_severity", "cvss")) {
            String expression = props.get("EVAL-" + field);
            Matcher newImage = Pattern.compile("'newImage\\.([^']+)'").matcher(expression);
            while (newImage.find()) {
                assertThat(expression)
                        .as("EVAL-" + field + " reads newImage." + newImage.group(1) + "; a REMOVE has only oldImage")
                        .contains("'oldImage." + newImage.group(1) + "'");
            }
        }
    }

    @Test
    void severityLookup_givesOnlyTheFiveCimSeverities() throws IOException {
        for (String row : SeverityLookup.rows()) {
            String[] cells = row.split(",", -1);
            assertThat(cells).as(row).hasSize(4);
            assertThat(CIM_SEVERITIES).as(row).contains(cells[2]);
            assertThat(cells[3])
                    .as(row)
                    .isEqualTo(String.valueOf(List.of("informational", "low", "medium", "high", "critical")
                            .indexOf(cells[2])));
        }
    }

    @Test
    void everyAutomaticLookup_namesATransformWithACsvHavingItsFields() throws IOException {
        ConfFile props = AppFiles.conf("props.conf");
        ConfFile transforms = AppFiles.conf("transforms.conf");
        for (Map.Entry<String, Map<String, String>> stanza : props.stanzas().entrySet()) {
            for (Map.Entry<String, String> setting : stanza.getValue().entrySet()) {
                if (!setting.getKey().startsWith("LOOKUP-")) {
                    continue;
                }
                String[] words = setting.getValue().split("\\s+");
                Map<String, String> transform = transforms.stanza(words[0]);
                assertThat(transform)
                        .as(setting.getKey() + " names transform " + words[0])
                        .containsKey("filename");
                Path csv = AppFiles.dir().resolve("lookups").resolve(transform.get("filename"));
                assertThat(csv).as(words[0] + "'s lookup file").isRegularFile();
                List<String> header = List.of(Files.readAllLines(csv).get(0).split(","));
                for (int i = 1; i < words.length; i++) {
                    // <table> (<lookup field> [AS <event field>])... OUTPUT (<lookup field> [AS <event field>])...
                    boolean keyword = words[i].matches("(?i)AS|OUTPUT|OUTPUTNEW");
                    boolean eventField = words[i - 1].equalsIgnoreCase("AS");
                    if (!keyword && !eventField) {
                        assertThat(header)
                                .as(csv + " header, for " + setting.getKey())
                                .contains(words[i]);
                    }
                }
            }
        }
    }
}
