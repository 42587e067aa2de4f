package io.scanpipeline.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scanpipeline.core.Json;
import org.junit.jupiter.api.Test;

class AttributeFilterTest {

    @Test
    void stringsMatchByText_numbersByValue_booleansByName() throws Exception {
        ObjectNode image = (ObjectNode) Json.mapper().readTree("""
                {"dept":"security","level":1.50,"active":true,"tags":["security"]}""");

        assertThat(new AttributeFilter("dept", "security").matches(image)).isTrue();
        assertThat(new AttributeFilter("dept", "Security").matches(image)).isFalse();
        assertThat(new AttributeFilter("level", "1.5").matches(image)).isTrue();
        assertThat(new AttributeFilter("level", "2").matches(image)).isFalse();
        assertThat(new AttributeFilter("level", "high").matches(image)).isFalse();
        assertThat(new AttributeFilter("active", "true").matches(image)).isTrue();
        assertThat(new AttributeFilter("tags", "security").matches(image)).isFalse();
        assertThat(new AttributeFilter("missing", "x").matches(image)).isFalse();
        assertThat(new AttributeFilter("dept", "security").matches(null)).isFalse();
    }
}
