package io.scanpipeline.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Invokes a handler the way the managed Java runtime does: the event arrives as JSON bytes and is turned into the
 * handler's event type by aws-lambda-java-serialization, the library the runtime itself uses, so that local runs
 * see exactly the objects Lambda would hand over.
 *
 * @param <I> the event type, e.g. S3Event
 * @param <O> the handler's result type
 */
public final class LambdaInvoker<I, O> {

    private final RequestHandler<I, O> handler;
    private final PojoSerializer<I> serializer;
    private final String name;

    public LambdaInvoker(String name, RequestHandler<I, O> handler, Class<I> eventType) {
        this.name = name;
        this.handler = handler;
        this.serializer = LambdaEventSerializers.serializerFor(eventType, LambdaInvoker.class.getClassLoader());
    }

    /** Deserializes {@code eventJson} and calls the handler; exceptions are the handler's own. */
    public O invoke(String eventJson) {
        I event = serializer.fromJson(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)));
        return handler.handleRequest(event, new LocalContext(name));
    }

    public String name() {
        return name;
    }
}
