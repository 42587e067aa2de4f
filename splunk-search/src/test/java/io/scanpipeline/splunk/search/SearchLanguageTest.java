package io.scanpipeline.splunk.search;

import static io.scanpipeline.splunk.search.Fixtures.findings;
import static io.scanpipeline.splunk.search.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The search command's language over the findings fixture (e1 twice, e2, e3, e4), as the Search Manual describes it. */
class SearchLanguageTest {
    private final SearchEngine engine = findings();

    private List<String> ids(String spl) {
        return run(engine, spl + " | table eventId").rows().stream()
                .map(r -> r.value("eventId"))
                .toList();
    }

    @Test
    void eventsComeOutNewestFirst() {
        assertThat(ids("sourcetype=\"scan:finding\"")).containsExactly("e4", "e3", "e2", "e1", "e1");
    }

    @Test
    void fieldValues_matchCaseInsensitively_butFieldNamesAreCaseSensitive() {
        assertThat(ids("eventName=insert")).containsExactly("e2", "e1", "e1");
        assertThat(ids("eventname=INSERT")).isEmpty();
    }

    @Test
    void wildcardsQuotedValuesAndIn() {
        assertThat(ids("source.key=trivy/*")).containsExactly("e3", "e1", "e1");
        assertThat(ids("source=\"s3://scans/grype/b.json\"")).containsExactly("e2");
        assertThat(ids("eventName IN (REMOVE, \"modify\")")).containsExactly("e4", "e3");
    }

    // Search Manual, "Difference between NOT and !=": != needs the field, NOT also matches events without it
    @Test
    void notEquals_needsTheField_whileNotAlsoMatchesEventsWithoutIt() {
        assertThat(ids("sla_days!=30")).containsExactly("e2");
        assertThat(ids("NOT sla_days=30")).containsExactly("e4", "e2");
    }

    // Search Manual, "Boolean expressions": OR is evaluated before AND
    @Test
    void orBindsTighterThanTheImplicitAnd() {
        // INSERT AND (critical OR REMOVE)
        assertThat(ids("eventName=INSERT severity=critical OR eventName=REMOVE"))
                .containsExactly("e2");
        assertThat(ids("(eventName=INSERT severity=critical) OR eventName=REMOVE"))
                .containsExactly("e3", "e2");
        assertThat(ids("severity=high eventName=INSERT OR eventName=REMOVE")).containsExactly("e3", "e1", "e1");
    }

    @Test
    void numericComparisons_whenBothSidesAreNumbers() {
        assertThat(ids("severity_rank>=3")).containsExactly("e3", "e2", "e1", "e1");
        assertThat(ids("severity_rank<2")).containsExactly("e4");
    }

    @Test
    void bareTerms_matchRawTokensCaseInsensitively() {
        assertThat(ids("cve-2024-0002")).containsExactly("e2");
        assertThat(ids("grype")).containsExactly("e2");
        assertThat(ids("gryp")).isEmpty();
        assertThat(ids("gry*")).containsExactly("e2");
    }

    @Test
    void multivalueFields_matchWhenAnyValueMatches() {
        assertThat(ids("eventtype=new_finding eventtype=high_finding")).containsExactly("e1", "e1");
        assertThat(ids("owner=team-b")).containsExactly("e3", "e1", "e1");
    }

    @Test
    void earliestAndLatestInsideTheSearch_overrideTheRange() {
        assertThat(ids("earliest=1733400600 latest=1733401201 *")).containsExactly("e3", "e2");
        // now is 12:30: -25m is 12:05, which leaves e2 (12:10), e3 (12:20), e4 (12:21)
        assertThat(engine.search("* | table eventId", "-25m", "now").rows()).hasSize(3);
        assertThat(engine.search("earliest=-40m * | table eventId", "-25m", "now")
                        .rows())
                .hasSize(5);
    }

    @Test
    void laterSearchAndWhere_filterResults() {
        assertThat(ids("* | search eventName=INSERT | where severity_rank > 3")).containsExactly("e2");
        // where compares case-sensitively, and a missing field makes the comparison null, which is false
        assertThat(ids("* | where eventName=\"insert\"")).isEmpty();
        assertThat(ids("* | where sla_days < 100")).containsExactly("e3", "e2", "e1", "e1");
    }
}
