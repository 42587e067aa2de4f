package io.scanpipeline.ingest.item;

import io.scanpipeline.ingest.quarantine.RejectReason;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A key attribute of the table: its name and DynamoDB type (S or N; B keys are not derived from JSON).
 *
 * @param name the attribute name, e.g. {@code emp_id}
 * @param type S (default) or N
 */
public record KeyAttribute(String name, ScalarAttributeType type) {

    public KeyAttribute {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("key attribute name is empty");
        }
        if (type != ScalarAttributeType.S && type != ScalarAttributeType.N) {
            throw new IllegalArgumentException("key attribute type must be S or N, got " + type);
        }
    }

    /**
     * The attribute value for an expanded key.
     *
     * @throws RecordRejectedException when a number key is not a number
     */
    public AttributeValue value(String expanded) {
        if (type == ScalarAttributeType.S) {
            return AttributeValue.fromS(expanded);
        }
        String problem;
        try {
            problem = io.scanpipeline.core.ItemCodec.numberProblem(expanded);
        } catch (NumberFormatException e) {
            throw new RecordRejectedException(
                    RejectReason.BAD_KEY_TYPE,
                    name,
                    "key '" + name + "' is a number attribute, but the record gives '" + expanded + "'");
        }
        if (problem != null) {
            throw new RecordRejectedException(
                    RejectReason.BAD_KEY_TYPE,
                    name,
                    "key '" + name + "' is a number attribute, but the record's " + problem);
        }
        return AttributeValue.fromN(expanded);
    }
}
