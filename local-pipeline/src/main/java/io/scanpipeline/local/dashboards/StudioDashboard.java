package io.scanpipeline.local.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Dashboard Studio dashboard of the app: the view's file name without {@code .xml}, its label and description,
 * its theme ({@code light} or {@code dark}: the root's {@code theme} attribute, light when absent, as in Splunk) and
 * the Studio JSON definition (the {@code <definition>} CDATA).
 */
public record StudioDashboard(String name, String label, String description, String theme, JsonNode definition) {
    public StudioDashboard {
        theme = theme == null || theme.isBlank() ? "light" : theme.strip();
        if (!theme.equals("light") && !theme.equals("dark")) {
            throw new IllegalArgumentException("view " + name + ": theme must be light or dark, got " + theme);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        label = label == null || label.isBlank() ? name : label.strip();
        description = description == null ? "" : description.strip();
    }
}
