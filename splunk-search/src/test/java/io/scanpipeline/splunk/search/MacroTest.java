package io.scanpipeline.splunk.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** macros.conf expansion as the Knowledge Manager Manual ("Search macros") describes it: text, before parsing. */
class MacroTest {
    private final SearchEngine engine = Fixtures.findings();

    @Test
    void argumentsAreSubstituted_andNestedMacrosExpanded() {
        assertThat(engine.expandMacros("`scan_findings(main)` | stats count"))
                .isEqualTo("index=\"main\" sourcetype=\"scan:finding\" | dedup eventId | stats count");
    }

    @Test
    void aMacroEndingInDedup_followedByATerm_becomesAStrayDedupArgument_whichDedupRejects() {
        String spl = "`scan_findings(main)` eventName=INSERT";
        assertThat(engine.expandMacros(spl)).endsWith("| dedup eventId eventName=INSERT");
        assertThatThrownBy(() -> engine.search(spl, null, null))
                .isInstanceOf(SplException.BadArgument.class)
                .hasMessageContaining("dedup")
                .hasMessageContaining("eventName=INSERT");
    }

    @Test
    void theMacroUsedAsIntended_countsEachChangeOnce() {
        SearchResult r = engine.search("`scan_findings(main)` | search eventName=INSERT | stats count", null, null);
        assertThat(r.rows().get(0).value("count")).isEqualTo("2");
    }

    @Test
    void validationFailure_reportsTheErrormsg() {
        assertThat(engine.expandMacros("`sev(HIGH)`")).isEqualTo("newImage.Severity=\"HIGH\"");
        assertThatThrownBy(() -> engine.expandMacros("`sev(BOGUS)`"))
                .isInstanceOf(SplException.MacroError.class)
                .hasMessageContaining("level must be CRITICAL, HIGH, MEDIUM or LOW");
    }

    @Test
    void evalMacros_returnTheirValue() {
        assertThat(engine.expandMacros("* | `double_head(2)`")).isEqualTo("* | head 4");
        assertThat(engine.search("* | `double_head(1)`", null, null).rows()).hasSize(2);
    }

    @Test
    void wrongArity_unknownMacros_andEndlessRecursion_areErrors() {
        assertThatThrownBy(() -> engine.expandMacros("`scan_findings`"))
                .isInstanceOf(SplException.MacroError.class)
                .hasMessageContaining("'scan_findings' is not defined")
                .hasMessageContaining("scan_findings(1)");
        assertThatThrownBy(() -> engine.expandMacros("`scan_findings(a, b)`"))
                .isInstanceOf(SplException.MacroError.class)
                .hasMessageContaining("scan_findings(2)");
        assertThatThrownBy(() -> engine.expandMacros("`nope`"))
                .isInstanceOf(SplException.MacroError.class)
                .hasMessageContaining("'nope' is not defined");
        assertThatThrownBy(() -> engine.expandMacros("`loop`"))
                .isInstanceOf(SplException.MacroError.class)
                .hasMessageContaining("50 levels");
    }

    @Test
    void backticksInsideQuotedStrings_areLeftAlone() {
        assertThat(engine.expandMacros("x=\"`findings`\"")).isEqualTo("x=\"`findings`\"");
    }
}
