package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.core.ChangeEnvelopeCodec;
import io.scanpipeline.core.Json;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs one invocation of each shaded function jar the way the Lambda Java runtime does: the handler class loaded
 * from the jar alone, the event deserialized from real event JSON by the runtime's own serializer, the SDK clients
 * the jar's code builds, real HTTP to a stand-in for AWS ({@link FakeAws}). It fails when shading dropped a class
 * the SDK, Jackson or the runtime loads by name (minimizeJar), or merged a service file wrongly.
 */
class ShadedJarSmokeTest {

    @BeforeAll
    static void credentialsAndJsonProtocol() {
        // the SDK's first credentials source; Kinesis speaks CBOR by default, the stand-in speaks JSON
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        System.setProperty("aws.cborEnabled", "false");
    }

    @AfterAll
    static void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.cborEnabled");
    }

    @Test
    void forwarderJar_publishesTheEnvelopesOfARealStreamEvent() throws Exception {
        ShadedJar jar = new ShadedJar(Repo.file("dynamo-stream-forwarder/target/dynamo-stream-forwarder.jar"));
        Path event = Repo.file(
                "dynamo-stream-forwarder/src/test/resources/events/" + "dynamodb-stream-insert-modify-remove.json");
        try (FakeAws aws = new FakeAws(new byte[0], "unused");
                URLClassLoader loader = jar.isolatedLoader()) {
            Class<?> handlerClass = loader.loadClass("io.scanpipeline.forwarder.ForwarderHandler");
            Method fromEnv = handlerClass.getDeclaredMethod("fromEnv", Map.class);
            fromEnv.setAccessible(true);
            Object service = fromEnv.invoke(
                    null,
                    Map.of(
                            "STREAM_NAME",
                            "scan-changes",
                            "AWS_REGION",
                            "us-east-1",
                            "AWS_ENDPOINT_URL",
                            aws.endpoint()));
            Object handler = handlerClass.getConstructor(service.getClass()).newInstance(service);

            Object response =
                    invoke(loader, handler, "com.amazonaws.services.lambda.runtime.events.DynamodbEvent", event);

            assertThat((List<?>) response.getClass()
                            .getMethod("getBatchItemFailures")
                            .invoke(response))
                    .isEmpty();
            List<ChangeEnvelope> published = aws.putRecordsEntries().stream()
                    .map(entry -> ChangeEnvelopeCodec.fromBytes(
                            Base64.getDecoder().decode(entry.path("Data").asText())))
                    .toList();
            assertThat(published).extracting(e -> e.eventName().name()).containsExactly("INSERT", "MODIFY", "REMOVE");
            assertThat(published).extracting(ChangeEnvelope::table).containsOnly("ExampleTableWithStream");
            assertThat(aws.putRecordsEntries())
                    .allSatisfy(entry ->
                            assertThat(entry.path("PartitionKey").asText()).isNotBlank());
        }
    }

    @Test
    void ingestJar_writesEveryRecordOfTheObjectARealS3EventNames() throws Exception {
        ShadedJar jar = new ShadedJar(Repo.file("ingest-lambda/target/ingest-lambda.jar"));
        Path event = Repo.file("ingest-lambda/src/test/resources/events/s3-put-event.json");
        byte[] employees = Files.readAllBytes(Repo.file("samples/employees.json"));
        JsonNode sample = Json.mapper().readTree(employees);
        long keyed = 0;
        for (JsonNode record : sample) {
            keyed += record.hasNonNull("emp_id") ? 1 : 0;
        }
        long unkeyed = sample.size() - keyed;
        assertThat(unkeyed)
                .as("the sample holds a record without its key, which the ingest quarantines")
                .isPositive();
        try (FakeAws aws = new FakeAws(employees, "version");
                URLClassLoader loader = jar.isolatedLoader()) {
            Class<?> configClass = loader.loadClass("io.scanpipeline.ingest.IngestConfig");
            Object config = configClass
                    .getMethod("fromEnv", Map.class)
                    .invoke(null, Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", aws.endpoint()));
            Class<?> handlerClass = loader.loadClass("io.scanpipeline.ingest.IngestHandler");
            // the handler's own factory of clients and service (the no-argument constructor reads System.getenv())
            Method createService = handlerClass.getDeclaredMethod("createService", configClass);
            createService.setAccessible(true);
            Object service = createService.invoke(null, config);
            Class<?> logClass = loader.loadClass("io.scanpipeline.core.StructuredLog");
            Object log = logClass.getMethod("forClass", Class.class).invoke(null, handlerClass);
            Object handler =
                    handlerClass.getConstructor(service.getClass(), logClass).newInstance(service, log);

            Map<?, ?> result =
                    (Map<?, ?>) invoke(loader, handler, "com.amazonaws.services.lambda.runtime.events.S3Event", event);

            assertThat(result.get("itemsWritten")).isEqualTo(keyed);
            assertThat(result.get("quarantined")).isEqualTo(unkeyed);
            assertThat(aws.writtenItems())
                    .hasSize((int) keyed)
                    .allSatisfy(item ->
                            assertThat(item.path("emp_id").path("S").asText()).startsWith("E"));
            assertThat(aws.s3Requests())
                    .as("the key of the event, URL-decoded, at the event's version")
                    .contains("GET /sourcebucket/Happy%20Face.jpg?versionId=version")
                    .contains("PUT /sourcebucket/quarantine/Happy%20Face.jpg/version.ndjson");
            assertThat(aws.s3Requests())
                    .as("the version's sequencer, recorded for a later catch-up (VersionLedger)")
                    .anySatisfy(r -> assertThat(r).startsWith("PUT /sourcebucket/quarantine/_ingest-state/versions/"));
            assertThat(aws.putBodies())
                    .filteredOn(body -> body.contains("\"reason\""))
                    .singleElement()
                    .satisfies(body -> assertThat(body).contains("\"reason\":\"MISSING_KEY_FIELD\""));
        }
    }

    /** handleRequest with the event read from JSON by the Lambda runtime's serializer and a stand-in Context. */
    private static Object invoke(ClassLoader loader, Object handler, String eventClassName, Path eventJson)
            throws Exception {
        Class<?> eventClass = loader.loadClass(eventClassName);
        Object event;
        try (InputStream in = Files.newInputStream(eventJson)) {
            event = LambdaEventSerializers.serializerFor(eventClass, loader).fromJson(in);
        }
        Class<?> contextClass = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
        Object context = Proxy.newProxyInstance(
                loader, new Class<?>[] {contextClass}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 512;
                    case "getAwsRequestId" -> "c6af9ac6-7b61-11e6-9a41-93e812345678";
                    case "getFunctionName" -> "smoke-test";
                    case "toString" -> "Context";
                    case "hashCode" -> 0;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        Method handle = handler.getClass().getMethod("handleRequest", Object.class, contextClass);
        try {
            return handle.invoke(handler, event, context);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the handler failed", e.getCause());
        }
    }
}
