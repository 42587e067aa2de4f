package io.scanpipeline.ingest;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads event JSON the way the managed Java runtime does (aws-lambda-java-serialization). */
public final class LambdaEvents {

    private LambdaEvents() {}

    /**
     * Parses event JSON. The runtime hands handlers a stream; the serializer's String overload takes another path
     * that needs the v1 SDK's S3 classes, so the text goes through a stream here too.
     */
    public static S3Event s3Event(String json) {
        return LambdaEventSerializers.serializerFor(S3Event.class, LambdaEvents.class.getClassLoader())
                .fromJson(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static S3Event s3EventResource(String name) {
        try (InputStream in = LambdaEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /events/" + name);
            }
            return LambdaEventSerializers.serializerFor(S3Event.class, LambdaEvents.class.getClassLoader())
                    .fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
