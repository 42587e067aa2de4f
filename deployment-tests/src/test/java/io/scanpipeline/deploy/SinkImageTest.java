package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The sink's container image as splunk-sink/pom.xml has Jib build it (profile {@code image}, a tarball, no Docker
 * daemon), against the ECS task in template.yaml that runs it: same main class as the runnable jar, the functions' Java, a
 * non-root user, the task's CPU architecture, the port of the health check.
 */
class SinkImageTest {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private final Pom sink = Pom.load("splunk-sink/pom.xml");
    private final Template template = Template.load();

    @Test
    void theImage_isATarballJibBuildsInTheImageProfile_andNoDockerfileDefinesAnother() {
        Element profile = sink.all("profile").stream()
                .filter(p -> Pom.text(p, "id").orElse("").equals("image"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("splunk-sink/pom.xml has no profile 'image'"));
        List<String> bindings = Pom.children(
                        Pom.child(Pom.child(profile, "build").orElseThrow(), "plugins")
                                .orElseThrow(),
                        "plugin")
                .stream()
                .filter(plugin -> Pom.text(plugin, "artifactId").orElse("").equals("jib-maven-plugin"))
                .flatMap(plugin -> Pom.children(Pom.child(plugin, "executions").orElseThrow(), "execution").stream())
                .map(execution -> Pom.text(execution, "phase").orElse("?") + ":"
                        + Pom.text(execution, "goals/goal").orElse("?"))
                .toList();
        assertThat(bindings).as("jib bound in the image profile").containsExactly("package:buildTar");
        assertThat(Files.exists(Repo.file("splunk-sink/Dockerfile")))
                .as("a Dockerfile beside Jib's image")
                .isFalse();
    }

    @Test
    void theImage_runsSinkAppOnTheFunctionsJavaAsNonRoot_onTheTasksArchitecture() throws Exception {
        Element jib = jibConfiguration();
        // one Java in production: the image's runtime is the Lambda functions' runtime (javaNN in the template)
        for (String function : List.of("IngestFunction", "ForwarderFunction")) {
            String runtime = (String) template.resolvedProperties(function).get("Runtime");
            assertThat(runtime).as(function + " Runtime").matches("java[0-9]+");
            assertThat(resolve(Pom.text(jib, "from/image").orElseThrow()))
                    .as("base image vs " + function)
                    .startsWith("eclipse-temurin:" + runtime.substring("java".length()) + "-jre");
        }
        String mainClass = Pom.text(jib, "container/mainClass").orElseThrow();
        assertThat(mainClass)
                .as("the image's main class is the runnable jar's")
                .isEqualTo(new ShadedJar(Repo.file("splunk-sink/target/splunk-sink.jar"))
                        .manifest()
                        .getMainAttributes()
                        .getValue("Main-Class"));
        assertThat(Pom.text(jib, "container/user").orElseThrow())
                .as("a fixed non-root uid:gid")
                .matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(Pom.text(jib, "container/environment/JAVA_TOOL_OPTIONS").orElseThrow())
                .contains("-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=", "-Djava.io.tmpdir=/tmp");

        Map<String, Object> task = template.resolvedProperties("SinkTaskDefinition");
        String architecture = (String) Template.map(task.get("RuntimePlatform")).get("CpuArchitecture");
        Element platforms =
                Pom.child(Pom.child(jib, "from").orElseThrow(), "platforms").orElseThrow();
        assertThat(Pom.children(platforms, "platform")).singleElement().satisfies(platform -> {
            assertThat(Pom.text(platform, "architecture")).contains(architecture.toLowerCase(java.util.Locale.ROOT));
            assertThat(Pom.text(platform, "os")).contains("linux");
        });
        Map<String, Object> container =
                Template.map(Template.list(task.get("ContainerDefinitions")).get(0));
        assertThat(container.get("ReadonlyRootFilesystem")).isEqualTo(true);
        assertThat(Template.list(container.get("MountPoints")))
                .anySatisfy(mount -> assertThat(Template.map(mount).get("ContainerPath"))
                        .isEqualTo(Pom.text(jib, "container/workingDirectory").orElseThrow()));
    }

    @Test
    void theImage_exposesThePortOfTheTasksHealthCheck() {
        Map<String, Object> container = Template.map(
                Template.list(template.resolvedProperties("SinkTaskDefinition").get("ContainerDefinitions"))
                        .get(0));
        String healthPort = Template.list(container.get("Environment")).stream()
                .map(Template::map)
                .filter(variable -> "HEALTH_PORT".equals(variable.get("Name")))
                .map(v -> String.valueOf(v.get("Value")))
                .findFirst()
                .orElseThrow();
        List<String> mapped = Template.list(container.get("PortMappings")).stream()
                .map(mapping -> String.valueOf(Template.map(mapping).get("ContainerPort")))
                .toList();
        Element ports = Pom.child(Pom.child(jibConfiguration(), "container").orElseThrow(), "ports")
                .orElseThrow();
        List<String> exposed =
                Pom.children(ports, "port").stream().map(Pom::text).toList();
        assertThat(mapped).containsExactly(healthPort);
        assertThat(exposed).containsExactly(healthPort);
    }

    private Element jibConfiguration() {
        return sink.all("plugin").stream()
                .filter(plugin -> Pom.text(plugin, "artifactId").orElse("").equals("jib-maven-plugin"))
                .map(plugin -> Pom.child(plugin, "configuration"))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new AssertionError("splunk-sink/pom.xml configures no jib-maven-plugin"));
    }

    /** {@code ${name}} replaced by the module's property, as Maven would. */
    private String resolve(String value) {
        Matcher matcher = PROPERTY.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            matcher.appendReplacement(
                    resolved,
                    Matcher.quoteReplacement(sink.property(name)
                            .orElseThrow(() -> new AssertionError("splunk-sink/pom.xml does not set " + name))));
        }
        return matcher.appendTail(resolved).toString();
    }
}
