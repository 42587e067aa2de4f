package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.forwarder.ForwarderConfig;
import io.scanpipeline.sink.HecEnvironment;
import io.scanpipeline.sink.hec.HecConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Splunk app under splunk-app/ against what the deployment sends: a props.conf that fits the sink's sourcetype
 * and envelope size, and the envelope fields the app's CIM mapping reads. The app's own checks (macros, CIM
 * knowledge objects, Dashboard Studio definitions, AppInspect rules over the package) live in the splunk-app module.
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
        assertThat(envelopeFields)
                .contains(
                        "eventId",
                        "eventName",
                        "table",
                        "keys.pk",
                        "sequenceNumber",
                        "approximateCreationTime",
                        "approximateCreationEpochMillis",
                        "newImage.Severity",
                        "newImage.VulnerabilityID",
                        "newImage.PkgName",
                        "newImage.Target",
                        "newImage.ArtifactName",
                        "oldImage.Severity",
                        "source.bucket",
                        "source.key");
        assertThat(envelopeFields).noneMatch(f -> f.startsWith("event."));
    }

    @Test
    void cimFieldsOfATrivyFinding_readFieldsTheRealEnvelopesCarry() throws IOException {
        // the props' calculated fields name envelope paths as text; a renamed image attribute would silently give
        // null. The sample envelopes come from the real ingest and codec (SampleEnvelopes).
        Map<String, String> props = stanza(Files.readAllLines(APP.resolve("default/props.conf")), "scan:finding");
        Map<String, String> trivyPaths = Map.of(
                "EVAL-vendor_severity",
                "newImage.Severity",
                "EVAL-signature_id",
                "newImage.VulnerabilityID",
                "EVAL-cve",
                "newImage.VulnerabilityID",
                "EVAL-dest",
                "newImage.ArtifactName");
        trivyPaths.forEach((eval, path) -> {
            assertThat(props.get(eval))
                    .as(eval)
                    .contains("'" + path + "'")
                    .contains("'" + path.replace("newImage.", "oldImage.") + "'");
            assertThat(envelopeFields)
                    .as(eval + " reads " + path)
                    .contains(path, path.replace("newImage.", "oldImage."));
        });
        assertThat(props.get("LOOKUP-scan_pipeline_severity")).contains("source.scanner", "vendor_severity");
    }

    @Test
    void propsConf_parsesTheEnvelopeAsJsonAtSearchTimeAndKeepsWholeEnvelopes() throws IOException {
        Map<String, String> props = stanza(Files.readAllLines(APP.resolve("default/props.conf")), "scan:finding");
        assertThat(props).containsEntry("KV_MODE", "json").doesNotContainKey("INDEXED_EXTRACTIONS");
        assertThat(Long.parseLong(props.get("TRUNCATE")))
                .as("an envelope may be as large as a Kinesis record")
                .isGreaterThanOrEqualTo(ForwarderConfig.KINESIS_MAX_RECORD_BYTES);
        assertThat(props.get("TIME_PREFIX")).contains("approximateCreationTime");

        // the sourcetype is the one the sink sends
        HecConfig hec = HecEnvironment.fromEnv(Deployment.sinkEnvironment(Template.load()));
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

    /** The key = value settings of one [stanza] of a .conf file. */
    private static Map<String, String> stanza(List<String> lines, String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                inside = trimmed.equals("[" + name + "]");
            } else if (inside && !trimmed.startsWith("#") && trimmed.contains("=")) {
                settings.put(
                        trimmed.substring(0, trimmed.indexOf('=')).trim(),
                        trimmed.substring(trimmed.indexOf('=') + 1).trim());
            }
        }
        assertThat(settings).as("stanza [" + name + "]").isNotEmpty();
        return settings;
    }
}
