package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Dashboard Studio views: valid against Splunk's definition schema, timed by the time picker, and searches that
 * the local search stand-in (module splunk-search) can run: only its commands and functions, explicit timechart
 * spans, full SPL recoverable from each data source.
 */
class DashboardsTest {

    /** The commands the local search stand-in supports (and so the only ones the app may use). */
    static final Set<String> COMMANDS = Set.of(
            "search",
            "where",
            "eval",
            "stats",
            "eventstats",
            "timechart",
            "chart",
            "dedup",
            "table",
            "fields",
            "rename",
            "sort",
            "head",
            "top",
            "rare",
            "lookup",
            "inputlookup",
            "tstats",
            "fillnull",
            "bin",
            "makeresults",
            "mvexpand");
    /** Its eval and stats functions. */
    static final Set<String> FUNCTIONS = Set.of(
            "if",
            "case",
            "coalesce",
            "isnull",
            "isnotnull",
            "null",
            "true",
            "validate",
            "upper",
            "lower",
            "len",
            "substr",
            "replace",
            "split",
            "trim",
            "mvindex",
            "mvcount",
            "mvjoin",
            "mvdedup",
            "mvappend",
            "round",
            "floor",
            "ceil",
            "abs",
            "tonumber",
            "tostring",
            "now",
            "time",
            "relative_time",
            "strftime",
            "strptime",
            "match",
            "like",
            "in",
            "count",
            "dc",
            "sum",
            "avg",
            "min",
            "max",
            "median",
            "values",
            "list",
            "first",
            "last",
            "earliest",
            "latest",
            "eval");

    private static final Pattern PERCENTILE = Pattern.compile("perc\\d{1,2}");
    private static final Pattern FUNCTION_CALL = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final String EARLIEST = "$global_time.earliest$";
    private static final String LATEST = "$global_time.latest$";

    private final Macros macros = Macros.of(AppFiles.conf("macros.conf"));

    @Test
    void everyView_isDashboardStudioWithLabelDescriptionAndDefinition() {
        List<DashboardSearches.View> views = DashboardSearches.views();
        assertThat(views).extracting(DashboardSearches.View::name).containsExactly("findings", "pipeline_health");
        for (DashboardSearches.View view : views) {
            Element root = view.root();
            assertThat(root.getAttribute("version")).as(view.name()).isEqualTo("2");
            assertThat(root.getAttribute("theme")).as(view.name()).isEqualTo("light");
            assertThat(text(root, "label")).as(view.name() + " label").isNotBlank();
            assertThat(text(root, "description"))
                    .as(view.name() + " description")
                    .isNotBlank();
            assertThat(view.definition()).as(view.name() + " <definition> JSON").isNotNull();
            assertThat(view.definition().path("dataSources").size())
                    .as(view.name())
                    .isPositive();
        }
    }

    @Test
    void everyDefinition_validatesAgainstTheDashboardDefinitionSchema() {
        Map<String, JsonNode> definitions = new LinkedHashMap<>();
        DashboardSearches.views().forEach(v -> definitions.put(v.name(), v.definition()));
        List<String> errors = new ArrayList<>();
        DashboardSchema.validate(definitions)
                .forEach((view, violations) ->
                        violations.forEach(v -> errors.add(view + ".xml: " + v.path() + ": " + v.message())));
        assertThat(errors).as("@splunk/dashboard-definition schema violations").isEmpty();
    }

    @Test
    void schemaViolations_nameTheDashboardAndTheJsonPath() {
        JsonNode broken = DashboardSearches.views().get(0).definition().deepCopy();
        ((ObjectNode) broken.path("visualizations").path("viz_open_by_severity")).put("type", 7);
        ((ObjectNode) broken.path("layout")).remove("layoutDefinitions");
        Map<String, List<DashboardSchema.Violation>> result = DashboardSchema.validate(Map.of("broken", broken));
        assertThat(result.get("broken"))
                .extracting(DashboardSchema.Violation::path)
                .contains("/visualizations/viz_open_by_severity/type", "/layout");
    }

    @Test
    void everyDataSource_takesItsTimeRangeFromTheTimePicker() {
        for (DashboardSearches.View view : DashboardSearches.views()) {
            List<JsonNode> pickers = new ArrayList<>();
            view.definition().path("inputs").forEach(input -> {
                if (input.path("type").asText().equals("input.timerange")) {
                    pickers.add(input);
                }
                assertThat(input.path("options").path("token").asText())
                        .as(view.name() + ": the index comes from " + "the `scan_pipeline_index` macro, not a text box")
                        .isNotEqualToIgnoringCase("index");
            });
            assertThat(pickers)
                    .as(view.name() + " time range picker")
                    .singleElement()
                    .satisfies(p ->
                            assertThat(p.path("options").path("token").asText()).isEqualTo("global_time"));
            assertThat(view.definition().path("layout").path("globalInputs").toString())
                    .contains("input_time");
            for (Map.Entry<String, JsonNode> ds :
                    view.definition().path("dataSources").properties()) {
                if (ds.getValue().path("type").asText().equals("ds.search")) {
                    JsonNode parameters = ds.getValue().path("options").path("queryParameters");
                    assertThat(parameters.path("earliest").asText())
                            .as(view.name() + " " + ds.getKey())
                            .isEqualTo(EARLIEST);
                    assertThat(parameters.path("latest").asText())
                            .as(view.name() + " " + ds.getKey())
                            .isEqualTo(LATEST);
                }
            }
        }
    }

    @Test
    void everyVisualization_readsADataSourceOfItsViewAndIsLaidOut() {
        for (DashboardSearches.View view : DashboardSearches.views()) {
            JsonNode definition = view.definition();
            Set<String> laidOut = new TreeSet<>();
            definition
                    .path("layout")
                    .path("layoutDefinitions")
                    .forEach(layout -> layout.path("structure")
                            .forEach(block -> laidOut.add(block.path("item").asText())));
            Set<String> used = new TreeSet<>();
            for (Map.Entry<String, JsonNode> viz :
                    definition.path("visualizations").properties()) {
                String primary =
                        viz.getValue().path("dataSources").path("primary").asText();
                assertThat(definition.path("dataSources").has(primary))
                        .as(view.name() + " " + viz.getKey() + " reads " + primary)
                        .isTrue();
                used.add(primary);
                assertThat(laidOut).as(view.name() + " layout").contains(viz.getKey());
            }
            assertThat(used)
                    .as(view.name() + ": data sources no panel shows")
                    .containsAll(iterable(definition.path("dataSources").fieldNames()));
        }
    }

    @Test
    void everySearch_usesOnlyCommandsAndFunctionsTheSearchStandInSupports() {
        List<String> unsupported = new ArrayList<>();
        for (DashboardSearches.Search search : DashboardSearches.all()) {
            String expanded = macros.expand(search.spl(), new ArrayList<>());
            List<String> segments = segments(expanded);
            for (int i = 0; i < segments.size(); i++) {
                String segment = segments.get(i).strip();
                String command = segment.split("\\s+")[0].toLowerCase(Locale.ROOT);
                if (i == 0 && !expanded.stripLeading().startsWith("|")) {
                    command = "search";
                }
                if (!COMMANDS.contains(command)) {
                    unsupported.add(search.where() + ": command " + command);
                }
                Matcher call = FUNCTION_CALL.matcher(withoutStrings(segment));
                while (call.find()) {
                    String function = call.group(1).toLowerCase(Locale.ROOT);
                    if (!FUNCTIONS.contains(function)
                            && !PERCENTILE.matcher(function).matches()
                            && !(command.equals("search") || command.equals("tstats"))) {
                        unsupported.add(search.where() + ": function " + function + "()");
                    }
                }
            }
        }
        assertThat(unsupported).isEmpty();
    }

    @Test
    void calculatedFields_useOnlyFunctionsTheSearchStandInSupports() {
        List<String> unsupported = new ArrayList<>();
        AppFiles.conf("props.conf")
                .stanzas()
                .forEach((stanza, settings) -> settings.forEach((key, value) -> {
                    if (key.startsWith("EVAL-")) {
                        Matcher call = FUNCTION_CALL.matcher(withoutStrings(value));
                        while (call.find()) {
                            if (!FUNCTIONS.contains(call.group(1).toLowerCase(Locale.ROOT))) {
                                unsupported.add("[" + stanza + "] " + key + ": " + call.group(1) + "()");
                            }
                        }
                    }
                }));
        assertThat(unsupported).isEmpty();
    }

    @Test
    void everyTimechart_hasAnExplicitSpan() {
        for (DashboardSearches.Search search : DashboardSearches.all()) {
            for (String segment : segments(search.spl())) {
                String trimmed = segment.strip().toLowerCase(Locale.ROOT);
                if (trimmed.startsWith("timechart") || (trimmed.startsWith("tstats") && trimmed.contains("_time"))) {
                    assertThat(trimmed)
                            .as(search.where() + ": numbers must not depend on the range's length")
                            .containsPattern("\\bspan=\\d+[smhd]\\b");
                }
            }
        }
    }

    @Test
    void findingPanels_countEachChangeOnceOrEachItemsLatestState() {
        for (DashboardSearches.Search search : DashboardSearches.all()) {
            if (search.spl().contains("`scan_pipeline_findings`")) {
                assertThat(search.spl())
                        .as(search.where() + ": deliveries are at least once")
                        .containsAnyOf("| dedup eventId", "| dedup scanpipeline_item");
            }
        }
    }

    @Test
    void openFindingPanels_takeEachItemsLatestStateAndLeaveOutRemoved() {
        DashboardSearches.View findings = DashboardSearches.views().get(0);
        for (DashboardSearches.Search search : findings.searches()) {
            if (List.of("ds_open_by_severity", "ds_top_dest", "ds_by_scanner").contains(search.id())) {
                assertThat(search.spl())
                        .as(search.where())
                        .contains("| dedup scanpipeline_item\n| where eventName!=\"REMOVE\"");
            }
        }
    }

    @Test
    void nav_listsEveryViewAndOnlyExistingOnes() {
        Element nav = DashboardSearches.parseXml(AppFiles.dir().resolve("default/data/ui/nav/default.xml"));
        NodeList views = nav.getElementsByTagName("view");
        Set<String> listed = new TreeSet<>();
        for (int i = 0; i < views.getLength(); i++) {
            listed.add(((Element) views.item(i)).getAttribute("name"));
        }
        listed.remove("search");
        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(DashboardSearches.views().stream()
                        .map(DashboardSearches.View::name)
                        .toList());
    }

    /** Splits at pipes outside quotes, brackets and parentheses. */
    static List<String> segments(String spl) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int depth = 0;
        int start = 0;
        for (int i = 0; i < spl.length(); i++) {
            char c = spl.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == '|') {
                parts.add(spl.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(spl.substring(start));
        parts.removeIf(String::isBlank);
        return parts;
    }

    private static String withoutStrings(String text) {
        return text.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'[^']*'", "x");
    }

    private static String text(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
