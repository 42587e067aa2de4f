package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.forwarder.ForwarderConfig;
import io.scanpipeline.sink.hec.HecConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Splunk app under splunk-app/: well-formed Simple XML dashboards whose searches read only fields that the
 * change envelopes really have (taken from envelopes the code makes, see {@link SampleEnvelopes}), count each change
 * once, and a props.conf that fits what the sink sends.
 */
class SplunkAppTest {

    private static final Path APP = Repo.file("splunk-app");
    private static Set<String> envelopeFields;

    @BeforeAll
    static void envelopes() {
        envelopeFields = SampleEnvelopes.fieldPaths();
    }

    @Test
    void sampleEnvelopes_carryTheFieldsOfTheSampleConfiguration() {
        assertThat(envelopeFields).contains("eventId", "eventName", "table", "keys.pk", "sequenceNumber",
                "approximateCreationTime", "approximateCreationEpochMillis",
                "newImage.Severity", "newImage.VulnerabilityID", "newImage.PkgName", "newImage.Target",
                "newImage.ArtifactName", "oldImage.Severity", "source.bucket", "source.key");
        assertThat(envelopeFields).noneMatch(f -> f.startsWith("event."));
    }

    @Test
    void everyXmlFile_isWellFormed() throws Exception {
        List<Path> files = xmlFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            parse(file); // throws on malformed XML
        }
    }

    @Test
    void dashboards_areSimpleXml11WithTitledPanelsAndTimedSearches() throws Exception {
        List<Path> views = views();
        assertThat(views).extracting(p -> p.getFileName().toString())
                .contains("findings_overview.xml", "pipeline_health.xml");
        for (Path view : views) {
            Element root = parse(view).getDocumentElement();
            assertThat(root.getTagName()).as(view.toString()).isEqualTo("dashboard");
            assertThat(root.getAttribute("version")).as(view.toString()).isEqualTo("1.1");
            assertThat(root.getElementsByTagName("label").getLength()).isPositive();
            NodeList searches = root.getElementsByTagName("search");
            assertThat(searches.getLength()).isPositive();
            for (int i = 0; i < searches.getLength(); i++) {
                Element search = (Element) searches.item(i);
                assertThat(text(search, "query")).as(view + " search " + i).isNotBlank();
                assertThat(text(search, "earliest")).isEqualTo("$time.earliest$");
                assertThat(text(search, "latest")).isEqualTo("$time.latest$");
            }
        }
    }

    @Test
    void findingSearches_readOnlyEnvelopeFields() throws Exception {
        Map<String, String> searches = findingSearches();
        assertThat(searches).hasSizeGreaterThanOrEqualTo(8);
        searches.put("macros.conf scan_findings", macroDefinition());
        Set<String> referenced = new TreeSet<>();
        searches.forEach((where, query) -> {
            Set<String> fields = SplunkSearches.fieldsRead(query);
            assertThat(fields).as(where + " reads fields the change envelope does not have:\n" + query)
                    .isSubsetOf(envelopeFields);
            referenced.addAll(fields);
        });
        // the dashboards really use the envelope (guards the field reader against reading nothing)
        assertThat(referenced).contains("eventName", "eventId", "newImage.Severity", "oldImage.Severity",
                "newImage.ArtifactName", "newImage.Target", "approximateCreationEpochMillis");
    }

    @Test
    void searchReader_seesFieldsInEveryPositionTheDashboardsUse() {
        assertThat(SplunkSearches.fieldsRead("index=\"x\" sourcetype=\"scan:finding\" eventName IN (\"A\")"
                + " | eval a=upper('newImage.Severity'), b=a | where 'oldImage.Severity'!=b"
                + " | stats count as n, dc(newImage.PkgName) as p by event.table | rename source.key as k"
                + " | table k, n, p, keys.pk"))
                .containsExactlyInAnyOrder("eventName", "newImage.Severity", "oldImage.Severity", "newImage.PkgName",
                        "event.table", "source.key", "keys.pk");
    }

    @Test
    void findingSearches_countEachChangeOnce() throws Exception {
        assertThat(macroDefinition()).contains("dedup eventId");
        findingSearches().forEach((where, query) -> {
            boolean deduplicated = query.contains("`scan_findings(") || query.contains("dedup eventId")
                    || query.contains("dc(eventId)");
            boolean countsDeliveries = where.contains("every delivery");
            assertThat(deduplicated || countsDeliveries).as(where + ": replays and retries deliver a change again; "
                    + "dedup eventId (the scan_findings macro) or say the panel counts every delivery").isTrue();
        });
    }

    @Test
    void propsConf_parsesTheEnvelopeAsJsonAtSearchTimeAndKeepsWholeEnvelopes() throws IOException {
        Map<String, String> props = stanza(Files.readAllLines(APP.resolve("default/props.conf")), "scan:finding");
        assertThat(props).containsEntry("KV_MODE", "json").doesNotContainKey("INDEXED_EXTRACTIONS");
        assertThat(Long.parseLong(props.get("TRUNCATE"))).as("an envelope may be as large as a Kinesis record")
                .isGreaterThanOrEqualTo(ForwarderConfig.KINESIS_MAX_RECORD_BYTES);
        assertThat(props.get("TIME_PREFIX")).contains("approximateCreationTime");

        // the sourcetype is the one the sink sends
        HecConfig hec = HecConfig.fromEnv(Deployment.sinkEnvironment(Template.load()));
        assertThat(hec.sourcetype()).isEqualTo("scan:finding");
    }

    @Test
    void appConfAndMetadata_packageTheApp() throws IOException {
        Map<String, String> pkg = stanza(Files.readAllLines(APP.resolve("default/app.conf")), "package");
        assertThat(pkg.get("id")).matches("[a-z][a-z0-9_]*");
        Map<String, String> ui = stanza(Files.readAllLines(APP.resolve("default/app.conf")), "ui");
        assertThat(ui).containsEntry("is_visible", "true").containsKey("label");
        Map<String, String> props = stanza(Files.readAllLines(APP.resolve("metadata/default.meta")), "props");
        assertThat(props).containsEntry("export", "system");
    }

    /** Every search over sourcetype scan:finding, keyed by view and panel title. */
    private static Map<String, String> findingSearches() throws Exception {
        Map<String, String> searches = new LinkedHashMap<>();
        for (Path view : views()) {
            NodeList panels = parse(view).getElementsByTagName("panel");
            for (int i = 0; i < panels.getLength(); i++) {
                Element panel = (Element) panels.item(i);
                String title = text(panel, "title");
                NodeList queries = panel.getElementsByTagName("query");
                for (int q = 0; q < queries.getLength(); q++) {
                    String query = queries.item(q).getTextContent();
                    if (query.contains("scan_findings(") || query.contains("sourcetype=\"scan:finding\"")) {
                        searches.put(view.getFileName() + " / " + title + " #" + q, query);
                    }
                }
            }
        }
        return searches;
    }

    private static String macroDefinition() throws IOException {
        return stanza(Files.readAllLines(APP.resolve("default/macros.conf")), "scan_findings(1)").get("definition");
    }

    /** The key = value settings of one [stanza] of a .conf file. */
    private static Map<String, String> stanza(List<String> lines, String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                inside = trimmed.equals("[" + name + "]");
            } else if (inside && !trimmed.startsWith("#") && trimmed.contains("=")) {
                settings.put(trimmed.substring(0, trimmed.indexOf('=')).trim(),
                        trimmed.substring(trimmed.indexOf('=') + 1).trim());
            }
        }
        assertThat(settings).as("stanza [" + name + "]").isNotEmpty();
        return settings;
    }

    private static List<Path> xmlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(APP)) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".xml")).sorted().toList());
        }
    }

    private static List<Path> views() throws IOException {
        try (Stream<Path> files = Files.list(APP.resolve("default/data/ui/views"))) {
            return files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        }
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(file.toFile());
    }

    private static String text(Element element, String child) {
        NodeList nodes = element.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
