package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error to answer in the AWS JSON 1.0 shape DynamoDB and DynamoDB Streams use: HTTP 400 with
 * {@code {"__type":"com.amazonaws.dynamodb.v20120810#<Code>","message":"..."}} and an {@code x-amzn-ErrorType}
 * header, which is what the SDK parses into the modelled exception class.
 */
final class AwsJsonError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String DYNAMODB_NAMESPACE = "com.amazonaws.dynamodb.v20120810#";
    // The real service reports input validation from the Coral framework, under another namespace.
    private static final String VALIDATION_NAMESPACE = "com.amazon.coral.validate#";

    private final String code;
    private final int status;

    AwsJsonError(String code, String message) {
        this(code, message, 400);
    }

    AwsJsonError(String code, String message, int status) {
        super(message);
        this.code = code;
        this.status = status;
    }

    static AwsJsonError resourceNotFound(String message) {
        return new AwsJsonError("ResourceNotFoundException", message);
    }

    static AwsJsonError validation(String message) {
        return new AwsJsonError("ValidationException", message);
    }

    static AwsJsonError expiredIterator(String message) {
        return new AwsJsonError("ExpiredIteratorException", message);
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    /** The full {@code __type} value. */
    String type() {
        return ("ValidationException".equals(code) ? VALIDATION_NAMESPACE : DYNAMODB_NAMESPACE) + code;
    }

    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", type());
        body.put("message", getMessage());
        return body;
    }
}
