package io.scanpipeline.sink.kcl;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.ConfigException;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where each DynamoDB table's changes go in Splunk: index, sourcetype and source per table, so that employee records
 * are not indexed as findings. A table without a route, and any part a route leaves out, gets the defaults: the
 * sink's sourcetype ({@code HEC_SOURCETYPE}, default {@code scan:finding}), the sink's index ({@code HEC_INDEX}, else
 * the token's default) and the source {@code s3://<bucket>/<key>} of the item's scan file (else the table name).
 * Without routes every table gets the defaults, as before routing existed.
 *
 * <p>Written as JSON ({@code HEC_ROUTES}): {@code {"Employees": {"sourcetype": "scan:employee"}, "Findings":
 * {"sourcetype": "scan:finding", "index": "scans"}}}; the fields of a route are {@code index}, {@code sourcetype}
 * and {@code source}, each a non-blank string; anything else is refused with the table and field named.
 *
 * @param byTable            the routes, by table name
 * @param defaultSourcetype  the sourcetype of a table without one
 */
public record HecRoutes(Map<String, Route> byTable, String defaultSourcetype) {

    // Splunk's index names: lower-case letters, digits, '_' and '-', not starting with '_' or '-'
    private static final Pattern INDEX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,79}");
    private static final Set<String> FIELDS = Set.of("index", "sourcetype", "source");

    /**
     * One table's route; a null part takes the default.
     *
     * @param index      the Splunk index, or null
     * @param sourcetype the sourcetype, or null
     * @param source     the source, or null (the scan file's {@code s3://} URL, else the table)
     */
    public record Route(String index, String sourcetype, String source) {}

    public HecRoutes {
        byTable = Map.copyOf(Objects.requireNonNull(byTable, "byTable"));
        if (defaultSourcetype == null || defaultSourcetype.isBlank()) {
            throw new IllegalArgumentException("defaultSourcetype must not be blank");
        }
    }

    /** No routes: every table gets {@code sourcetype}, the sink's index and the derived source. */
    public static HecRoutes uniform(String sourcetype) {
        return new HecRoutes(Map.of(), sourcetype);
    }

    /**
     * Parses the JSON of the class comment; errors name {@code variable}, the table and the field (routes hold no
     * secret, so the value refused is shown).
     */
    public static HecRoutes parse(String variable, String json, String defaultSourcetype) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new ConfigException(variable, "is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(
                    variable,
                    "must be a JSON object of routes by table, e.g. {\"Employees\": "
                            + "{\"sourcetype\": \"scan:employee\"}}, was '" + json + "'");
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String table = entry.getKey();
            JsonNode route = entry.getValue();
            if (table.isBlank()) {
                throw new ConfigException(variable, "has a route for a blank table name");
            }
            if (!route.isObject()) {
                throw new ConfigException(
                        variable,
                        "route of table '" + table + "' must be an object with index, " + "sourcetype or source, was "
                                + route);
            }
            Set<String> unknown = new TreeSet<>();
            route.fieldNames().forEachRemaining(name -> {
                if (!FIELDS.contains(name)) {
                    unknown.add(name);
                }
            });
            if (!unknown.isEmpty()) {
                throw new ConfigException(
                        variable,
                        "route of table '" + table + "' has unknown field(s) " + unknown
                                + "; use index, sourcetype, source");
            }
            String index = text(variable, table, route, "index");
            if (index != null && !INDEX.matcher(index).matches()) {
                throw new ConfigException(
                        variable,
                        "route of table '" + table + "': index '" + index + "' is not "
                                + "a Splunk index name (lower-case letters, digits, '_' and '-')");
            }
            routes.put(
                    table,
                    new Route(
                            index, text(variable, table, route, "sourcetype"), text(variable, table, route, "source")));
        }
        return new HecRoutes(routes, defaultSourcetype);
    }

    /** The sourcetype of {@code table}'s events. */
    public String sourcetype(String table) {
        Route route = byTable.get(table);
        return route != null && route.sourcetype() != null ? route.sourcetype() : defaultSourcetype;
    }

    /** The index of {@code table}'s events, or null for the sink's index. */
    public String index(String table) {
        Route route = byTable.get(table);
        return route == null ? null : route.index();
    }

    /** The source of {@code table}'s events, or null for the derived one. */
    public String source(String table) {
        Route route = byTable.get(table);
        return route == null ? null : route.source();
    }

    /** Every index a route names (the sink's own indexes besides {@code HEC_INDEX}). */
    public Set<String> indexes() {
        Set<String> indexes = new TreeSet<>();
        byTable.values().forEach(r -> {
            if (r.index() != null) {
                indexes.add(r.index());
            }
        });
        return indexes;
    }

    private static String text(String variable, String table, JsonNode route, String field) {
        JsonNode value = route.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new ConfigException(
                    variable, "route of table '" + table + "': " + field + " must be a non-blank string, was " + value);
        }
        return value.textValue().trim();
    }
}
