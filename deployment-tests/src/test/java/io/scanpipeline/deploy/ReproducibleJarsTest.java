package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployed jars are reproducible: our own entries carry the parent pom's {@code project.build.outputTimestamp},
 * not the time of the build, so the same sources give the same bytes and CloudFormation does not redeploy a function
 * that did not change. (Entries taken from dependency jars keep those jars' own fixed times.) Building twice and
 * comparing the jars' SHA-256 is {@code .ci/reproducible-jars}; this test only reads what {@code package} built.
 */
class ReproducibleJarsTest {

    private final Template template = Template.load();

    @Test
    void ourEntriesInTheDeployedJars_carryTheFixedOutputTimestamp_notTheBuildTime() throws IOException {
        String configured = Pom.load("pom.xml")
                .property("project.build.outputTimestamp")
                .orElseThrow(() -> new AssertionError("the parent pom sets no project.build.outputTimestamp"));
        // zip entries hold a local date-time without a zone; the archiver writes the instant's UTC fields
        LocalDateTime fixed = LocalDateTime.ofInstant(Instant.parse(configured), ZoneOffset.UTC);

        List<Path> jars = new ArrayList<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            jars.add(Repo.file((String) template.properties(function).get("CodeUri")));
        }
        jars.add(Repo.file("splunk-sink/target/splunk-sink.jar"));

        for (Path jar : jars) {
            List<String> ours = new ArrayList<>();
            List<String> otherTimes = new ArrayList<>();
            try (ZipFile zip = new ZipFile(new ShadedJar(jar).path().toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    String name = entry.getName();
                    if (name.startsWith("io/scanpipeline/") || name.equals("META-INF/MANIFEST.MF")) {
                        ours.add(name);
                        if (!entry.getTimeLocal().equals(fixed)) {
                            otherTimes.add(name + " " + entry.getTimeLocal());
                        }
                    }
                }
            }
            assertThat(ours)
                    .as(jar + ": our classes and the manifest")
                    .hasSizeGreaterThan(10)
                    .contains("META-INF/MANIFEST.MF");
            assertThat(otherTimes).as(jar + ": entries not at " + fixed).isEmpty();
        }
    }
}
