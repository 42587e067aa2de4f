package io.scanpipeline.splunkapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The macros as the dashboards call them. Splunk expands a macro as text before parsing the search, so a macro that
 * ends in "| dedup eventId" turns "table=... eventName=INSERT" written after it into dedup arguments, which Splunk
 * rejects ("the scan_findings macro bug").
 */
class MacrosTest {

    private final Macros macros = Macros.of(AppFiles.conf("macros.conf"));

    @Test
    void termsWrittenAfterAMacro_stayInTheBaseSearch() {
        List<String> misuses = new ArrayList<>();
        for (DashboardSearches.Search search : DashboardSearches.all()) {
            List<Macros.Misuse> problems = new ArrayList<>();
            macros.expand(search.spl(), problems);
            problems.stream()
                    .filter(p -> p.problem().contains("pipe command"))
                    .forEach(p -> misuses.add(search.where() + ": `" + p.macro() + "` " + p.problem()));
        }
        assertThat(DashboardSearches.all()).isNotEmpty();
        assertThat(misuses)
                .as("searches whose filters would become arguments of a macro's last command")
                .isEmpty();
    }

    @Test
    void everyMacroCall_namesAMacroOfMacrosConfWithThatArity() {
        List<String> unknown = new ArrayList<>();
        for (DashboardSearches.Search search : DashboardSearches.all()) {
            for (String call : Macros.callsIn(search.spl())) {
                String[] nameArity = call.split("/");
                if (!macros.has(nameArity[0], Integer.parseInt(nameArity[1]))) {
                    unknown.add(search.where() + ": `" + nameArity[0] + "` with " + nameArity[1] + " argument(s)");
                }
            }
            List<Macros.Misuse> problems = new ArrayList<>();
            macros.expand(search.spl(), problems);
            problems.stream()
                    .filter(p -> p.problem().startsWith("no macro"))
                    .forEach(p -> unknown.add(search.where() + ": " + p.problem()));
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void everySearch_selectsItsIndexThroughTheIndexMacroOnly() {
        String indexDefinition = macros.get("scan_pipeline_index", 0).definition();
        for (DashboardSearches.Search search : DashboardSearches.all()) {
            assertThat(search.spl())
                    .as(search.where() + " names an index itself; use `scan_pipeline_index`")
                    .doesNotContainPattern("(?i)\\bindex\\s*=");
            String expanded = macros.expand(search.spl(), new ArrayList<>());
            assertThat(expanded)
                    .as(search.where() + " must read the index from `scan_pipeline_index`")
                    .contains(indexDefinition);
        }
    }

    @Test
    void indexMacro_defaultsToMainForAdminsToOverrideInLocal() {
        assertThat(macros.get("scan_pipeline_index", 0)).isNotNull();
        assertThat(macros.get("scan_pipeline_index", 0).definition()).isEqualTo("index=main");
    }

    @Test
    void expansion_reportsAMacroEndingInAPipeFollowedByTerms() {
        // guards the check above against passing because it sees nothing: the old app's shape
        Macros old = Macros.of(ConfFile.parse(
                AppFiles.dir().resolve("x.conf"),
                List.of(
                        "[scan_findings(1)]",
                        "args = index",
                        "definition = index=\"$index$\" sourcetype=\"scan:finding\" | dedup eventId")));
        List<Macros.Misuse> problems = new ArrayList<>();
        old.expand("`scan_findings(main)` eventName=\"INSERT\" | stats count", problems);
        assertThat(problems)
                .singleElement()
                .extracting(Macros.Misuse::problem)
                .asString()
                .contains("eventName=\"INSERT\"")
                .contains("pipe command");
        problems.clear();
        old.expand("`scan_findings(main)` | search eventName=\"INSERT\"", problems);
        assertThat(problems).isEmpty();
    }
}
