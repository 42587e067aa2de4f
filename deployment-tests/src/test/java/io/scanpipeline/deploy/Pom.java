package io.scanpipeline.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** A pom.xml of the repository, read as XML (namespace-unaware: element names as written). */
final class Pom {

    private final Path path;
    private final Element project;

    private Pom(Path path, Element project) {
        this.path = path;
        this.project = project;
    }

    /** The pom at {@code relative} ("pom.xml", "splunk-sink/pom.xml") under the repository root. */
    static Pom load(String relative) {
        Path path = Repo.file(relative);
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new Pom(
                    path, factory.newDocumentBuilder().parse(path.toFile()).getDocumentElement());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    Element project() {
        return project;
    }

    /** The text of {@code project/properties/<name>}, if the pom sets it. */
    Optional<String> property(String name) {
        return child(project, "properties")
                .flatMap(properties -> child(properties, name))
                .map(Pom::text);
    }

    /** The modules the parent pom lists. */
    List<String> modules() {
        return child(project, "modules").map(modules -> children(modules, "module")).orElse(List.of()).stream()
                .map(Pom::text)
                .toList();
    }

    /** Every element named {@code name} anywhere in the pom, in document order. */
    List<Element> all(String name) {
        List<Element> found = new ArrayList<>();
        var nodes = project.getElementsByTagName(name);
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    /** The text of the child at {@code path} ("from/image"), if there is one. */
    static Optional<String> text(Element parent, String path) {
        Element at = parent;
        for (String name : path.split("/")) {
            Optional<Element> next = child(at, name);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.of(text(at));
    }

    static String text(Element element) {
        return element.getTextContent().strip();
    }
}
