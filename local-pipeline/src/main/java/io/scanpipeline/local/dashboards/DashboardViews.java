package io.scanpipeline.local.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The Dashboard Studio dashboards of a Splunk app folder: every {@code default/data/ui/views/*.xml} whose root is
 * {@code <dashboard version="2">} (Simple XML views, version 1.1, are not Studio dashboards and are left out). Read
 * on every call, so an edited view shows on the next page load. A Studio view whose definition is not a JSON object
 * fails naming the file.
 */
public final class DashboardViews {
    private final Path appFolder;

    public DashboardViews(Path appFolder) {
        this.appFolder = appFolder;
        if (!Files.isDirectory(viewsFolder())) {
            throw new IllegalArgumentException("app folder " + appFolder + " has no default/data/ui/views folder");
        }
    }

    public Path appFolder() {
        return appFolder;
    }

    private Path viewsFolder() {
        return appFolder.resolve("default/data/ui/views");
    }

    /** The Studio dashboards, sorted by file name. */
    public List<StudioDashboard> load() {
        List<StudioDashboard> dashboards = new ArrayList<>();
        try (Stream<Path> files = Files.list(viewsFolder())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".xml"))
                    .sorted()
                    .toList()) {
                StudioDashboard dashboard = read(file);
                if (dashboard != null) {
                    dashboards.add(dashboard);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + viewsFolder() + ": " + e.getMessage(), e);
        }
        return dashboards;
    }

    /** The view in {@code file} if it is a Studio dashboard, else null. */
    static StudioDashboard read(Path file) {
        Element root;
        try (InputStream in = Files.newInputStream(file)) {
            root = parser().parse(in).getDocumentElement();
        } catch (IOException | SAXException e) {
            throw new IllegalArgumentException(file + ": not a readable view: " + e.getMessage(), e);
        }
        if (!root.getTagName().equals("dashboard")
                || !root.getAttribute("version").equals("2")) {
            return null;
        }
        String definitionText = childText(root, "definition");
        if (definitionText == null || definitionText.isBlank()) {
            throw new IllegalArgumentException(file + ": <dashboard version=\"2\"> has no <definition>");
        }
        JsonNode definition;
        try {
            definition = Json.mapper().readTree(definitionText);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": <definition> is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!definition.isObject()) {
            throw new IllegalArgumentException(file + ": <definition> must be a JSON object");
        }
        String name = file.getFileName().toString().replaceFirst("\\.xml$", "");
        return new StudioDashboard(
                name, childText(root, "label"), childText(root, "description"), root.getAttribute("theme"), definition);
    }

    private static String childText(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
