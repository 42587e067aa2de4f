package io.scanpipeline.forwarder;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads test events exactly as the managed Java runtime does: the runtime hands the raw payload bytes, as an
 * InputStream, to the serializer of aws-lambda-java-serialization for the handler's input type.
 *
 * <p>No BOM handling is needed here: reading bytes, the serializer's JSON parser detects the encoding and skips a
 * UTF-8 byte order mark, so the BOM fixture is accepted just as the runtime accepts it. (Its {@code fromJson(String)}
 * overload, which the runtime does not use, rejects a String that starts with U+FEFF; a test pins that down.)
 */
final class LambdaEvents {

    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEvents.class.getClassLoader());

    private LambdaEvents() {}

    /** The serializer the runtime would use for a {@code DynamodbEvent} handler. */
    static PojoSerializer<DynamodbEvent> serializer() {
        return SERIALIZER;
    }

    /** Deserializes {@code events/NAME} from the test resources. */
    static DynamodbEvent dynamodbEvent(String name) {
        try (InputStream in = resource("events/" + name)) {
            return SERIALIZER.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw bytes of a test resource. */
    static byte[] bytes(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = LambdaEvents.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + path);
        }
        return in;
    }
}
