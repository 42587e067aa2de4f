package io.scanpipeline.local.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Dashboard Studio dashboard of the app: the view's file name without {@code .xml}, its label and description,
 * and the Studio JSON definition (the {@code <definition>} CDATA).
 */
public record StudioDashboard(String name, String label, String description, JsonNode definition) {
    public StudioDashboard {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        label = label == null || label.isBlank() ? name : label.strip();
        description = description == null ? "" : description.strip();
    }
}
