package io.scanpipeline.forwarder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts between the attribute values of aws-lambda-java-events
 * ({@code com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue}, a mutable bean) and the
 * SDK v2 {@link AttributeValue} that {@link io.scanpipeline.core.ItemCodec} reads. Every type is carried over as it
 * is: S, N (the text, never parsed), B, SS, NS, BS (duplicates and empty sets included, should a producer send
 * them), M, L, NULL, BOOL. Binary is copied, never shared with the event.
 */
public final class LambdaAttributeValues {

    private LambdaAttributeValues() {}

    /**
     * Converts a Lambda event attribute map, or returns null for null.
     *
     * @throws RecordMappingException for a value with no type set (permanent)
     */
    public static Map<String, AttributeValue> toSdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> map, String path) {
        if (map == null) {
            return null;
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        map.forEach((name, value) -> result.put(name, toSdk(value, path + "." + name)));
        return result;
    }

    /** Converts one Lambda event attribute value found at {@code path} (used in error messages). */
    public static AttributeValue toSdk(
            com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value, String path) {
        if (value == null) {
            throw new RecordMappingException(path + ": attribute value is null");
        }
        if (value.getS() != null) {
            return AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return AttributeValue.fromN(value.getN());
        }
        if (value.getB() != null) {
            return AttributeValue.fromB(bytes(value.getB()));
        }
        if (value.getSS() != null) {
            return AttributeValue.fromSs(new ArrayList<>(value.getSS()));
        }
        if (value.getNS() != null) {
            return AttributeValue.fromNs(new ArrayList<>(value.getNS()));
        }
        if (value.getBS() != null) {
            List<SdkBytes> set = new ArrayList<>(value.getBS().size());
            value.getBS().forEach(b -> set.add(bytes(b)));
            return AttributeValue.fromBs(set);
        }
        if (value.getM() != null) {
            return AttributeValue.fromM(toSdk(value.getM(), path));
        }
        if (value.getL() != null) {
            List<AttributeValue> list = new ArrayList<>(value.getL().size());
            int i = 0;
            for (var element : value.getL()) {
                list.add(toSdk(element, path + "[" + i++ + "]"));
            }
            return AttributeValue.fromL(list);
        }
        if (value.getNULL() != null) {
            // DynamoDB only ever sends {"NULL": true}
            return AttributeValue.fromNul(true);
        }
        if (value.getBOOL() != null) {
            return AttributeValue.fromBool(value.getBOOL());
        }
        throw new RecordMappingException(
                path + ": attribute value has no type (none of S, N, B, SS, NS, BS, M, L," + " NULL, BOOL)");
    }

    /** Converts an SDK v2 attribute map to the Lambda event type, or returns null for null. */
    public static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toLambda(
            Map<String, AttributeValue> map) {
        if (map == null) {
            return null;
        }
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> result =
                new LinkedHashMap<>();
        map.forEach((name, value) -> result.put(name, toLambda(value)));
        return result;
    }

    /** Converts one SDK v2 attribute value to the Lambda event type. */
    public static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toLambda(
            AttributeValue value) {
        var result = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (value.type()) {
            case S -> result.setS(value.s());
            case N -> result.setN(value.n());
            case B -> result.setB(ByteBuffer.wrap(value.b().asByteArray()));
            case SS -> result.setSS(new ArrayList<>(value.ss()));
            case NS -> result.setNS(new ArrayList<>(value.ns()));
            case BS -> {
                List<ByteBuffer> set = new ArrayList<>(value.bs().size());
                value.bs().forEach(b -> set.add(ByteBuffer.wrap(b.asByteArray())));
                result.setBS(set);
            }
            case M -> result.setM(toLambda(value.m()));
            case L -> {
                List<com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> list =
                        new ArrayList<>(value.l().size());
                value.l().forEach(element -> list.add(toLambda(element)));
                result.setL(list);
            }
            case NUL -> result.setNULL(true);
            case BOOL -> result.setBOOL(value.bool());
            default -> throw new RecordMappingException("attribute value of unknown type " + value.type());
        }
        return result;
    }

    private static SdkBytes bytes(ByteBuffer buffer) {
        // duplicate(): reading must not move the event's own buffer position
        ByteBuffer view = buffer.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return SdkBytes.fromByteArrayUnsafe(copy);
    }
}
