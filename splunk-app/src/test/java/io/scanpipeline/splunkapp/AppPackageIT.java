package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AppInspect's key rules over the package {@code package} built (target/scan_pipeline-&lt;version&gt;.tgz). Each
 * test names the AppInspect checks (splunk-appinspect, check_*.py) it stands for; AppInspect itself is a Python tool
 * outside this build.
 */
class AppPackageIT {

    private static final String VERSION = System.getProperty("scanpipeline.project.version", "0.1.0-SNAPSHOT");
    private static Path tgz;
    private static Map<String, TarArchiveEntry> entries;
    private static Map<String, byte[]> contents;

    @BeforeAll
    static void readPackage() throws IOException {
        Path target = Path.of(System.getProperty("scanpipeline.app.build.dir", "target"));
        tgz = target.resolve(AppPackage.fileName(VERSION));
        assertThat(tgz).as("mvn package builds the app package").isRegularFile();
        entries = new LinkedHashMap<>();
        contents = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
                contents.put(entry.getName(), entry.isDirectory() ? new byte[0] : tar.readAllBytes());
            }
        }
    }

    @Test
    void package_holdsOnlyTheAppFolderNamedForTheAppId() {
        // check_that_splunk_app_package_extracts_to_visible_directory,
        // check_that_splunk_app_package_does_not_contain_files_outside_of_app
        assertThat(tgz.getFileName().toString()).isEqualTo("scan_pipeline-" + AppPackage.appVersion(VERSION) + ".tgz");
        Set<String> tops = new TreeSet<>();
        entries.keySet().forEach(name -> tops.add(name.substring(0, name.indexOf('/'))));
        assertThat(tops).containsExactly("scan_pipeline");
        Set<String> second = new TreeSet<>();
        entries.keySet().stream()
                .map(n -> n.substring("scan_pipeline/".length()))
                .filter(n -> !n.isEmpty())
                .forEach(n -> second.add(n.contains("/") ? n.substring(0, n.indexOf('/')) : n));
        assertThat(second).containsExactlyInAnyOrder("README.md", "default", "lookups", "metadata");
        assertThat(entries.keySet())
                .noneMatch(n -> n.contains("pom.xml") || n.contains("/src/") || n.contains("/target/"));
    }

    @Test
    void package_hasNoLocalConfigurationHiddenExecutableOrBinaryFiles() {
        // check_that_local_does_not_exist, check_for_local_meta,
        // check_that_extracted_splunk_app_does_not_contain_prohibited_directories_or_files,
        // check_for_executable_flag, check_for_binary_files_without_source_code
        for (Map.Entry<String, TarArchiveEntry> e : entries.entrySet()) {
            String name = e.getKey();
            assertThat(name).doesNotStartWith("scan_pipeline/local/").doesNotEndWith("local.meta");
            assertThat(Arrays.stream(name.split("/")))
                    .as(name)
                    .noneMatch(s -> s.startsWith(".") || s.startsWith("__MACOSX"));
            if (!e.getValue().isDirectory()) {
                assertThat(e.getValue().getMode() & 0111)
                        .as(name + " is executable")
                        .isZero();
                byte[] bytes = contents.get(name);
                assertThat(new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))
                        .as(name + " is text (UTF-8)")
                        .isEqualTo(bytes);
                assertThat(bytes).as(name + " holds NUL bytes").doesNotContain((byte) 0);
            }
        }
    }

    @Test
    void appConf_hasTheStanzasAndKeysAppInspectWants() {
        // check_that_extracted_splunk_app_contains_default_app_conf_file_with_valid_version_number (and
        // check_app_conf_has_author-style rules)
        ConfFile app = conf("default/app.conf");
        assertThat(app.stanza("id")).containsEntry("name", "scan_pipeline");
        assertThat(app.stanza("package")).containsEntry("id", "scan_pipeline");
        assertThat(app.stanza("id").get("version"))
                .matches("\\d+\\.\\d+\\.\\d+")
                .isEqualTo(AppPackage.appVersion(VERSION));
        assertThat(app.stanza("launcher"))
                .containsKeys("author", "description")
                .containsEntry("version", app.stanza("id").get("version"));
        assertThat(app.stanza("ui")).containsEntry("is_visible", "true").containsKey("label");
        assertThat(app.stanza("install")).containsKey("state");
    }

    @Test
    void appVersion_isTheMavenProjectVersionWithoutSnapshot() {
        assertThat(conf("default/app.conf").stanza("id").get("version")).isEqualTo(VERSION.replace("-SNAPSHOT", ""));
    }

    @Test
    void everyXmlAndJsonFile_isWellFormed() throws Exception {
        // check_validate_json_data_is_well_formed and AppInspect's XML checks (check_xml_files.py)
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        int xml = 0;
        for (Map.Entry<String, byte[]> file : contents.entrySet()) {
            if (file.getKey().endsWith(".xml")) {
                factory.newDocumentBuilder().parse(new ByteArrayInputStream(file.getValue()));
                xml++;
            } else if (file.getKey().endsWith(".json")) {
                new ObjectMapper().readTree(file.getValue());
            }
        }
        assertThat(xml).isEqualTo(3);
    }

    @Test
    void everyLookupIsAReferencedCsvWithAHeaderAndEveryLookupSettingNamesAnExistingTransform() {
        // check_lookup_csv_is_valid, check_lookups_white_list, and transforms/props lookup references
        ConfFile transforms = conf("default/transforms.conf");
        Set<String> referenced = new TreeSet<>();
        transforms.stanzas().forEach((name, settings) -> {
            if (settings.containsKey("filename")) {
                String path = "scan_pipeline/lookups/" + settings.get("filename");
                assertThat(contents).as("[" + name + "] filename").containsKey(path);
                String csv = new String(contents.get(path), StandardCharsets.UTF_8);
                assertThat(csv.lines().findFirst().orElse(""))
                        .as(path + " header")
                        .contains(",");
                referenced.add(path);
            }
        });
        Set<String> lookupFiles = new TreeSet<>();
        entries.keySet().stream()
                .filter(n -> n.startsWith("scan_pipeline/lookups/") && !n.endsWith("/"))
                .forEach(lookupFiles::add);
        assertThat(lookupFiles).allMatch(n -> n.endsWith(".csv")).isEqualTo(referenced);
        conf("default/props.conf")
                .stanzas()
                .forEach((stanza, settings) -> settings.forEach((key, value) -> {
                    if (key.startsWith("LOOKUP-")) {
                        assertThat(transforms.stanzas())
                                .as("[" + stanza + "] " + key)
                                .containsKey(value.split("\\s+")[0]);
                    }
                }));
    }

    @Test
    void everyEventtypeTagged_existsAndNoIndexedFieldUsesACommonName() {
        ConfFile eventtypes = conf("default/eventtypes.conf");
        conf("default/tags.conf").stanzas().keySet().stream()
                .filter(s -> s.startsWith("eventtype="))
                .forEach(s -> assertThat(eventtypes.stanzas()).as(s).containsKey(s.substring(10)));
        if (contents.containsKey("scan_pipeline/default/fields.conf")) {
            conf("default/fields.conf")
                    .stanzas()
                    .forEach((name, settings) -> assertThat(!"true".equalsIgnoreCase(settings.get("INDEXED"))
                                    || name.startsWith("scanpipeline_"))
                            .as("fields.conf [" + name + "] INDEXED = true is global")
                            .isTrue());
        }
    }

    @Test
    void metadata_exportsOnlyWhatTheCimNeedsGlobally() {
        ConfFile meta = conf("metadata/default.meta");
        assertThat(meta.stanza("")).containsEntry("export", "none");
        Set<String> global = new TreeSet<>();
        meta.stanzas().forEach((stanza, settings) -> {
            if ("system".equals(settings.get("export"))) {
                global.add(stanza);
            }
        });
        assertThat(global).containsExactlyInAnyOrder("props", "transforms", "lookups", "eventtypes", "tags", "macros");
    }

    @Test
    void build_isReproducible(@TempDir Path elsewhere) throws IOException {
        Path again = AppPackage.build(Path.of("").toAbsolutePath(), VERSION, elsewhere);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(tgz));
        List<String> names = List.copyOf(entries.keySet());
        assertThat(names).isSorted();
    }

    private static ConfFile conf(String path) {
        byte[] bytes = contents.get("scan_pipeline/" + path);
        assertThat(bytes).as(path + " in the package").isNotNull();
        return ConfFile.parse(
                Path.of(path), new String(bytes, StandardCharsets.UTF_8).lines().toList());
    }
}
