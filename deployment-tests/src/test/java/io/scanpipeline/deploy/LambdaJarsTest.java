package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jars template.yaml deploys: each function's CodeUri is a shaded jar built by Maven, holding the Handler class
 * (a RequestHandler, loadable with nothing but the jar, as Lambda loads it) and no second HTTP stack.
 */
class LambdaJarsTest {

    private final Template template = Template.load();

    @Test
    void eachFunctionHandler_isARequestHandlerInItsShadedJar() throws Exception {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = template.properties(function);
            ShadedJar jar = new ShadedJar(Repo.file((String) properties.get("CodeUri")));
            String handler = (String) properties.get("Handler");
            assertThat(handler).as(function).endsWith("::handleRequest");
            String className = handler.substring(0, handler.indexOf("::"));

            try (URLClassLoader loader = jar.isolatedLoader()) {
                Class<?> handlerClass = Class.forName(className, false, loader);
                Class<?> requestHandler =
                        Class.forName("com.amazonaws.services.lambda.runtime.RequestHandler", false, loader);
                assertThat(requestHandler.isAssignableFrom(handlerClass))
                        .as(className + " implements RequestHandler")
                        .isTrue();
                assertThat(Modifier.isPublic(handlerClass.getConstructor().getModifiers()))
                        .isTrue();
                Method handle = handlerClass.getMethod(
                        "handleRequest",
                        Object.class,
                        Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader));
                assertThat(handle).isNotNull();
            }
        }
    }

    @Test
    void functionJars_carryNoNettyAndNoApacheHttpClient() {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            ShadedJar jar = new ShadedJar(
                    Repo.file((String) template.properties(function).get("CodeUri")));
            List<String> entries = jar.entries();
            assertThat(entries)
                    .as(jar.path() + " has the SDK and our classes")
                    .anyMatch(e -> e.startsWith("software/amazon/awssdk/services/"))
                    .anyMatch(e -> e.startsWith("io/scanpipeline/"));
            assertThat(entries)
                    .as(function)
                    .noneMatch(e -> e.startsWith("io/netty/")
                            || e.startsWith("software/amazon/awssdk/http/nio/netty/")
                            || e.startsWith("software/amazon/awssdk/http/apache")
                            || e.startsWith("org/apache/http/")
                            || e.startsWith("org/apache/hc/"));
            assertThat(entries)
                    .as("signature files would make the JVM reject the merged jar")
                    .noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
            String httpServices = jar.text("META-INF/services/software.amazon.awssdk.http.SdkHttpService");
            assertThat(httpServices
                            .lines()
                            .filter(l -> !l.isBlank() && !l.startsWith("#"))
                            .toList())
                    .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
        }
    }

    @Test
    void sinkJar_runsSinkAppAndCarriesNoApacheHttpClient() throws Exception {
        ShadedJar jar = new ShadedJar(Repo.file("splunk-sink/target/splunk-sink.jar"));
        assertThat(jar.manifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.scanpipeline.sink.SinkApp");
        assertThat(jar.entries())
                .contains("io/scanpipeline/sink/hec/HecClient.class")
                .noneMatch(e -> e.startsWith("org/apache/http/") || e.startsWith("org/apache/hc/"));
    }

    @Test
    void codeUris_areTheJarsThePomsBuild() throws Exception {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            String codeUri = (String) template.properties(function).get("CodeUri");
            String module = codeUri.substring(0, codeUri.indexOf('/'));
            String pom = Files.readString(Repo.file(module + "/pom.xml"));
            assertThat(pom)
                    .as(module + "/pom.xml")
                    .contains("<outputFile>${project.build.directory}/"
                            + Path.of(codeUri).getFileName() + "</outputFile>");
            assertThat(Template.map(template.resource(function).get("Metadata")))
                    .as(function + ": sam build must not try to build a jar")
                    .containsEntry("SkipBuild", true);
        }
    }
}
