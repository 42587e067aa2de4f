package io.scanpipeline.ingest.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.ItemCodec;
import io.scanpipeline.core.ItemConversionException;
import io.scanpipeline.ingest.IngestRule;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.quarantine.RejectReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns one record into one DynamoDB item: key from the templates, the projected fields converted exactly, and the
 * {@code _source} attribute. Everything DynamoDB would refuse is caught here, before the write, as a
 * {@link RecordRejectedException} naming the field.
 */
public final class ItemBuilder {

    /** Attribute with where the record came from (bucket, key, versionId, sequencer, record index). */
    public static final String SOURCE_ATTRIBUTE = "_source";
    /** Attribute listing what the conversion changed, e.g. a 40-digit number kept as a string. */
    public static final String NOTES_ATTRIBUTE = "_notes";

    private static final int MAX_PARTITION_KEY_BYTES = 2048;
    private static final int MAX_SORT_KEY_BYTES = 1024;

    public ItemBuilder() {}

    /** An item ready to write, with its key in a form usable for merging duplicates. */
    public record BuiltItem(ItemKey key, Map<String, AttributeValue> item, long recordIndex) {}

    /**
     * Builds the item.
     *
     * @throws RecordRejectedException when the record cannot be stored; the message names the field
     */
    public BuiltItem build(IngestRule rule, JsonNode record, JsonNode context, SourceObject source, long recordIndex) {
        if (!record.isObject()) {
            throw new RecordRejectedException(
                    RejectReason.BAD_RECORD_TYPE,
                    "",
                    "record is " + Projection.describe(record) + ", not a JSON object");
        }
        KeyAttribute partitionKey = rule.target().partitionKey();
        Optional<KeyAttribute> sortKey = rule.target().sortKey();
        String pk = rule.partitionKeyTemplate().expand(record, context, partitionKey.name());
        checkKeyLength(partitionKey.name(), pk, MAX_PARTITION_KEY_BYTES);
        String sk = null;
        if (sortKey.isPresent()) {
            KeyTemplate template = rule.sortKeyTemplate().orElseThrow();
            sk = template.expand(record, context, sortKey.get().name());
            checkKeyLength(sortKey.get().name(), sk, MAX_SORT_KEY_BYTES);
        }
        ObjectNode projected = rule.projection().apply(record, context);
        List<ItemCodec.Note> notes = new ArrayList<>();
        Map<String, AttributeValue> item;
        try {
            item = new LinkedHashMap<>(ItemCodec.toItem(projected, notes));
        } catch (ItemConversionException e) {
            throw new RecordRejectedException(
                    RejectReason.UNSUPPORTED_VALUE, e.path(), "field '" + e.path() + "': " + e.reason());
        }
        item.put(partitionKey.name(), partitionKey.value(pk));
        if (sk != null) {
            item.put(sortKey.get().name(), sortKey.get().value(sk));
        }
        item.put(SOURCE_ATTRIBUTE, source.sourceAttribute(recordIndex, rule.scanner()));
        if (!notes.isEmpty()) {
            item.put(
                    NOTES_ATTRIBUTE,
                    AttributeValue.fromL(notes.stream()
                            .map(n -> AttributeValue.fromS(n.toString()))
                            .toList()));
        }
        long size = ItemCodec.itemSize(item);
        if (size > ItemCodec.MAX_ITEM_BYTES) {
            throw new RecordRejectedException(
                    RejectReason.ITEM_TOO_LARGE,
                    largestAttribute(item),
                    "item would be " + size + " bytes, over DynamoDB's " + ItemCodec.MAX_ITEM_BYTES
                            + "; largest attribute is '" + largestAttribute(item) + "'");
        }
        ItemKey key = new ItemKey(pk, sk);
        return new BuiltItem(key, item, recordIndex);
    }

    private static void checkKeyLength(String name, String value, int max) {
        long bytes = ItemCodec.utf8Length(value);
        if (bytes > max) {
            throw new RecordRejectedException(
                    RejectReason.KEY_TOO_LONG,
                    name,
                    "key '" + name + "' is " + bytes + " bytes, over DynamoDB's " + max);
        }
    }

    private static String largestAttribute(Map<String, AttributeValue> item) {
        String largest = "";
        long max = -1;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            long size = ItemCodec.itemSize(Map.of(e.getKey(), e.getValue()));
            if (size > max) {
                max = size;
                largest = e.getKey();
            }
        }
        return largest;
    }

    /** The key of an item, for merging records with the same key. */
    public record ItemKey(String partition, String sort) {}
}
