package io.scanpipeline.splunkapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The dashboards of the app and every panel's full SPL. Dashboard Studio views (version 2): each data source's query,
 * a {@code ds.chain} appended to its base's query. Simple XML views (the app before Dashboard Studio): each
 * {@code <query>}. {@link #withInputDefaults} substitutes the input tokens' default values, the way the dashboard
 * first runs.
 */
final class DashboardSearches {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One view file. {@code definition} is null for Simple XML. */
    record View(String name, Element root, JsonNode definition, List<Search> searches) {}

    /** One panel's full SPL (tokens unsubstituted), named by view and data source. */
    record Search(String view, String id, String spl, JsonNode dataSource) {
        String where() {
            return view + " / " + id;
        }
    }

    private DashboardSearches() {}

    static List<View> views() {
        Path dir = AppFiles.dir().resolve("default/data/ui/views");
        try (Stream<Path> files = Files.list(dir)) {
            List<View> views = new ArrayList<>();
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                views.add(view(file));
            }
            return views;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Search> all() {
        return views().stream().flatMap(v -> v.searches().stream()).toList();
    }

    static View view(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.xml$", "");
        Element root = parseXml(file);
        List<Search> searches = new ArrayList<>();
        JsonNode definition = null;
        NodeList definitions = root.getElementsByTagName("definition");
        if (definitions.getLength() > 0) {
            try {
                definition = JSON.readTree(definitions.item(0).getTextContent());
            } catch (IOException e) {
                throw new IllegalStateException(file + ": the <definition> is not JSON: " + e.getMessage(), e);
            }
            JsonNode dataSources = definition.path("dataSources");
            for (Map.Entry<String, JsonNode> ds : dataSources.properties()) {
                String spl = fullQuery(dataSources, ds.getKey(), 0);
                if (spl != null) {
                    searches.add(new Search(name, ds.getKey(), spl, ds.getValue()));
                }
            }
        } else {
            NodeList queries = root.getElementsByTagName("query");
            for (int i = 0; i < queries.getLength(); i++) {
                searches.add(new Search(name, "query " + i, queries.item(i).getTextContent(), null));
            }
        }
        return new View(name, root, definition, searches);
    }

    /** The query of a ds.search, or a ds.chain's base query followed by its own. */
    private static String fullQuery(JsonNode dataSources, String id, int depth) {
        JsonNode ds = dataSources.path(id);
        String type = ds.path("type").asText();
        String query = ds.path("options").path("query").asText("");
        if (type.equals("ds.search")) {
            return query;
        }
        if (type.equals("ds.chain") && depth < 10) {
            String base =
                    fullQuery(dataSources, ds.path("options").path("extend").asText(), depth + 1);
            return base == null ? null : base + "\n" + query;
        }
        return null;
    }

    /** The input tokens' default values of a Studio view ({@code scanner} -> {@code *}). */
    static Map<String, String> inputDefaults(View view) {
        Map<String, String> defaults = new LinkedHashMap<>();
        if (view.definition() != null) {
            for (JsonNode input : view.definition().path("inputs")) {
                JsonNode options = input.path("options");
                if (options.has("token") && options.path("defaultValue").isTextual()) {
                    defaults.put(
                            options.path("token").asText(),
                            options.path("defaultValue").asText());
                }
            }
        }
        return defaults;
    }

    static String withInputDefaults(String spl, Map<String, String> defaults) {
        String result = spl;
        for (Map.Entry<String, String> token : defaults.entrySet()) {
            result = result.replace("$" + token.getKey() + "$", token.getValue());
        }
        return result;
    }

    static Element parseXml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException(file + " is not well-formed XML: " + e.getMessage(), e);
        }
    }
}
