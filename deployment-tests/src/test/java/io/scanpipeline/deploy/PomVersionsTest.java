package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Every version of the build is in the parent pom: module poms name no dependency, plugin or annotation processor
 * version, and every plugin the build runs (the default lifecycle's too) is pinned in its pluginManagement, so the
 * same sources build with the same tools on every machine.
 */
class PomVersionsTest {

    /** The plugins Maven binds to a jar module's lifecycle by itself; unpinned, their versions follow Maven's. */
    private static final List<String> DEFAULT_LIFECYCLE_PLUGINS = List.of(
            "maven-clean-plugin",
            "maven-resources-plugin",
            "maven-compiler-plugin",
            "maven-surefire-plugin",
            "maven-jar-plugin",
            "maven-install-plugin",
            "maven-deploy-plugin",
            "maven-site-plugin");

    private final Pom parent = Pom.load("pom.xml");

    @Test
    void modulePoms_nameNoVersions_theParentManagesThemAll() {
        List<String> versioned = new ArrayList<>();
        for (String module : parent.modules()) {
            Pom pom = Pom.load(module + "/pom.xml");
            for (String kind : List.of("dependency", "plugin", "path")) {
                for (Element element : pom.all(kind)) {
                    Pom.text(element, "version")
                            .ifPresent(version -> versioned.add(module + ": " + coordinates(element) + " " + version));
                }
            }
        }
        assertThat(parent.modules()).as("the parent's modules").hasSizeGreaterThan(5);
        assertThat(versioned)
                .as("versions written in module poms (belong in the parent's dependencyManagement or "
                        + "pluginManagement)")
                .isEmpty();
    }

    @Test
    void everyPluginTheBuildRuns_isPinnedInTheParentsPluginManagement() {
        Set<String> pinned = new TreeSet<>();
        Element build = Pom.child(parent.project(), "build").orElseThrow();
        Element management = Pom.child(build, "pluginManagement")
                .flatMap(m -> Pom.child(m, "plugins"))
                .orElseThrow();
        for (Element plugin : Pom.children(management, "plugin")) {
            assertThat(Pom.text(plugin, "version"))
                    .as(coordinates(plugin) + " in the parent's pluginManagement")
                    .isPresent();
            pinned.add(artifactId(plugin));
        }

        Set<String> used = new TreeSet<>(DEFAULT_LIFECYCLE_PLUGINS);
        parent.all("plugin").forEach(plugin -> used.add(artifactId(plugin)));
        for (String module : parent.modules()) {
            Pom.load(module + "/pom.xml").all("plugin").forEach(plugin -> used.add(artifactId(plugin)));
        }
        assertThat(used).as("the plugins the build runs").contains("maven-enforcer-plugin", "maven-shade-plugin");
        assertThat(pinned).as("pinned in the parent's pluginManagement").containsAll(used);
    }

    private static String artifactId(Element element) {
        return Pom.text(element, "artifactId").orElseThrow();
    }

    private static String coordinates(Element element) {
        return Pom.text(element, "groupId").orElse("org.apache.maven.plugins") + ":" + artifactId(element);
    }
}
