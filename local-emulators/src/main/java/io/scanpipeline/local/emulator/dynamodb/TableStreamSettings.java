package io.scanpipeline.local.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.local.emulator.common.EmulatorJson;
import java.util.List;
import java.util.Set;

/**
 * The table operations that touch stream settings: CreateTable and UpdateTable keep the
 * {@code StreamSpecification} (dynalite does not support streams, so the proxy owns it), DeleteTable disables the
 * stream, and CreateTable, UpdateTable, DescribeTable and DeleteTable answers get {@code StreamSpecification},
 * {@code LatestStreamArn} and {@code LatestStreamLabel} added as DynamoDB shows them.
 */
final class TableStreamSettings {

    private static final Set<String> VIEW_TYPES = Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES");

    private final DynaliteClient dynalite;
    private final StreamStore store;
    private final TableLocks locks;

    TableStreamSettings(DynaliteClient dynalite, StreamStore store, TableLocks locks) {
        this.dynalite = dynalite;
        this.store = store;
        this.locks = locks;
    }

    DynaliteClient.Reply createTable(ProxyRequest request, ObjectNode json) {
        String table = json.path("TableName").asText();
        String viewType = requestedViewType(json);
        json.remove("StreamSpecification");
        return locks.withLocks(List.of(table), () -> {
            DynaliteClient.Reply reply = forward(request, json);
            if (reply.ok() && viewType != null) {
                store.enable(table, viewType, json.get("KeySchema"));
            }
            return decorate(reply, "TableDescription", table);
        });
    }

    DynaliteClient.Reply updateTable(ProxyRequest request, ObjectNode json) {
        String table = json.path("TableName").asText();
        if (!json.has("StreamSpecification")) {
            return decorate(
                    dynalite.forward(request.method(), request.pathAndQuery(), request.headers(), request.body()),
                    "TableDescription",
                    table);
        }
        boolean enable = json.path("StreamSpecification").path("StreamEnabled").asBoolean(false);
        String viewType = requestedViewType(json);
        json.remove("StreamSpecification");
        return locks.withLocks(List.of(table), () -> changeStream(request, json, table, enable, viewType));
    }

    private DynaliteClient.Reply changeStream(
            ProxyRequest request, ObjectNode json, String table, boolean enable, String viewType) {
        ObjectNode describeRequest = EmulatorJson.mapper().createObjectNode().put("TableName", table);
        DynaliteClient.Reply described = dynalite.call("DescribeTable", describeRequest);
        if (!described.ok()) {
            return described; // e.g. ResourceNotFoundException, as DynamoDB would answer UpdateTable
        }
        StreamState current = store.enabledStream(table);
        if (enable && current != null) {
            throw AwsJsonError.validation("Table already has an enabled stream: TableName: " + table);
        }
        if (!enable && current == null) {
            throw AwsJsonError.validation("Table does not have an enabled stream: TableName: " + table);
        }
        DynaliteClient.Reply reply;
        ObjectNode description;
        if (json.size() > 1) {
            // Other changes than the stream: dynalite does those.
            reply = forward(request, json);
            if (!reply.ok()) {
                return reply;
            }
            description = (ObjectNode) dynalite.parse(reply.body()).path("TableDescription");
        } else {
            // Only the stream changes: dynalite would refuse an UpdateTable with nothing to update.
            description = (ObjectNode) dynalite.parse(described.body()).path("Table");
            ObjectNode body = EmulatorJson.mapper().createObjectNode();
            body.set("TableDescription", description);
            reply = described.withBody(dynalite.write(body));
        }
        if (enable) {
            store.enable(table, viewType, description.get("KeySchema"));
        } else {
            store.disable(table, false);
        }
        return decorate(reply, "TableDescription", table);
    }

    DynaliteClient.Reply deleteTable(ProxyRequest request, ObjectNode json) {
        String table = json.path("TableName").asText();
        return locks.withLocks(List.of(table), () -> {
            DynaliteClient.Reply reply =
                    dynalite.forward(request.method(), request.pathAndQuery(), request.headers(), request.body());
            if (!reply.ok()) {
                return reply;
            }
            DynaliteClient.Reply decorated = decorate(reply, "TableDescription", table);
            store.disable(table, true);
            return decorated;
        });
    }

    DynaliteClient.Reply describeTable(ProxyRequest request, ObjectNode json) {
        DynaliteClient.Reply reply =
                dynalite.forward(request.method(), request.pathAndQuery(), request.headers(), request.body());
        return decorate(reply, "Table", json.path("TableName").asText());
    }

    /** The view type of a request that enables a stream, null when it does not; validates the specification. */
    private static String requestedViewType(ObjectNode json) {
        JsonNode spec = json.get("StreamSpecification");
        if (spec == null || spec.isNull()) {
            return null;
        }
        JsonNode enabled = spec.get("StreamEnabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw AwsJsonError.validation("1 validation error detected: Value null at "
                    + "'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
        }
        if (!enabled.asBoolean()) {
            return null;
        }
        String viewType = spec.path("StreamViewType").asText(null);
        if (viewType == null || !VIEW_TYPES.contains(viewType)) {
            throw AwsJsonError.validation("One or more parameter values were invalid: StreamViewType must be one of "
                    + "KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES when StreamEnabled is true, got "
                    + viewType);
        }
        return viewType;
    }

    private DynaliteClient.Reply forward(ProxyRequest request, ObjectNode json) {
        return dynalite.forward(request.method(), request.pathAndQuery(), request.headers(), dynalite.write(json));
    }

    /** Adds the stream fields to {@code field} of a successful answer; other answers pass unchanged. */
    private DynaliteClient.Reply decorate(DynaliteClient.Reply reply, String field, String table) {
        StreamState stream = store.current(table);
        if (!reply.ok() || stream == null) {
            return reply;
        }
        ObjectNode body = dynalite.parse(reply.body());
        if (!(body.get(field) instanceof ObjectNode description)) {
            return reply;
        }
        if (stream.enabled()) {
            description
                    .putObject("StreamSpecification")
                    .put("StreamEnabled", true)
                    .put("StreamViewType", stream.viewType());
        }
        description.put("LatestStreamArn", stream.arn());
        description.put("LatestStreamLabel", stream.label());
        return reply.withBody(dynalite.write(body));
    }
}
