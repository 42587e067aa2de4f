package io.scanpipeline.splunk.search;

import static io.scanpipeline.splunk.search.Fixtures.findings;
import static io.scanpipeline.splunk.search.Fixtures.make;
import static io.scanpipeline.splunk.search.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Transforming and reshaping commands against the Search Reference's descriptions and examples. */
class StatsAndChartsTest {
    private final SearchEngine engine = findings();

    private static List<String> column(SearchResult r, String field) {
        return r.rows().stream().map(x -> x.value(field)).toList();
    }

    // Aggregate functions, extended example 1: "| makeresults count=100 | eval test=3.99 | stats avg(test)"
    @Test
    void avg_addsLeftToRight_likeTheDocumentedExample() {
        assertThat(make("| makeresults count=100 | eval test=3.99 | stats avg(test)")
                        .rows()
                        .get(0)
                        .value("avg(test)"))
                .isEqualTo("3.9900000000000055");
    }

    // stats: "count(eval(...)) AS ... BY ..." counts only where the expression is true
    @Test
    void countOfEval_countsOnlyWhereTrue_andByOrdersGroups() {
        SearchResult r = run(engine, "* | stats count(eval(severity=\"high\")) AS high, count BY eventName");
        assertThat(r.fields()).containsExactly("eventName", "high", "count");
        assertThat(column(r, "eventName")).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(column(r, "high")).containsExactly("2", "0", "1");
        assertThat(column(r, "count")).containsExactly("3", "1", "1");
    }

    @Test
    void aggregateFunctions() {
        String data = "| makeresults | eval v=split(\"10,9,8,7,6,5,4,3,2,1\", \",\") | mvexpand v";
        SearchResult r = make(data + " | stats count, dc(v), sum(v), avg(v), min(v), max(v), range(v), median(v), "
                + "perc95(v), p50(v), exactperc25(v), stdev(v), mode(v), first(v), last(v)");
        SearchResult.Row row = r.rows().get(0);
        assertThat(row.value("count")).isEqualTo("10");
        assertThat(row.value("dc(v)")).isEqualTo("10");
        assertThat(row.value("sum(v)")).isEqualTo("55");
        assertThat(row.value("avg(v)")).isEqualTo("5.5");
        assertThat(row.value("min(v)")).isEqualTo("1");
        assertThat(row.value("max(v)")).isEqualTo("10");
        assertThat(row.value("range(v)")).isEqualTo("9");
        // limits.conf perc_method = nearest-rank (the default): 0-based rank floor(p/100 * count) of the sorted values
        assertThat(row.value("median(v)")).isEqualTo("6");
        assertThat(row.value("p50(v)")).isEqualTo("6");
        assertThat(row.value("perc95(v)")).isEqualTo("10");
        assertThat(row.value("exactperc25(v)")).isEqualTo("3");
        assertThat(row.value("stdev(v)")).isEqualTo("3.0276503540974917");
        assertThat(row.value("first(v)")).isEqualTo("10");
        assertThat(row.value("last(v)")).isEqualTo("1");
    }

    // values() is distinct and lexicographic (so "10" sorts before "9"), list() keeps order
    @Test
    void valuesAndList_areMultivalued() {
        SearchResult r = make(
                "| makeresults | eval v=split(\"9,10,9\", \",\") | mvexpand v | stats values(v) AS vs, list(v) AS vl");
        assertThat(r.rows().get(0).values("vs")).containsExactly("10", "9");
        assertThat(r.rows().get(0).values("vl")).containsExactly("9", "10", "9");
    }

    @Test
    void byAMultivalueField_countsTheResultInEachValue_andDropsResultsLackingIt() {
        SearchResult r = run(engine, "* | stats count by eventtype");
        assertThat(column(r, "eventtype")).containsExactly("fixed_finding", "high_finding", "new_finding");
        assertThat(column(r, "count")).containsExactly("1", "3", "3");
    }

    @Test
    void statsWithoutBy_overNoResults_isOneRowOfZero_withByItIsNoRows() {
        assertThat(run(engine, "nosuchterm | stats count, avg(x)").rows())
                .hasSize(1)
                .first()
                .satisfies(r -> assertThat(r.value("count")).isEqualTo("0"));
        assertThat(run(engine, "nosuchterm | stats count by eventName").rows()).isEmpty();
    }

    // eventstats: "eventstats avg(duration) AS avgdur BY date_minute" adds the aggregate to each result
    @Test
    void eventstats_addsGroupAggregatesToEachResult() {
        SearchResult r = run(engine, "* | eventstats count AS n BY eventName | table eventId n");
        assertThat(column(r, "n")).containsExactly("1", "1", "3", "3", "3");
    }

    // dedup examples: "dedup 3 source", "dedup source sortby -_size +_time", keepempty, consecutive
    @Test
    void dedupVariants() {
        assertThat(column(run(engine, "* | dedup eventId | table eventId"), "eventId"))
                .containsExactly("e4", "e3", "e2", "e1");
        assertThat(column(run(engine, "* | dedup 2 cve | table eventId"), "eventId"))
                .containsExactly("e4", "e3", "e2", "e1");
        assertThat(column(run(engine, "* | dedup sla_days | table eventId"), "eventId"))
                .containsExactly("e3", "e2");
        assertThat(column(run(engine, "* | dedup sla_days keepempty=true | table eventId"), "eventId"))
                .containsExactly("e4", "e3", "e2");
        assertThat(column(run(engine, "* | dedup consecutive=true eventName | table eventId"), "eventId"))
                .containsExactly("e4", "e3", "e2");
        assertThat(column(run(engine, "* | dedup cve sortby +eventId | table eventId"), "eventId"))
                .containsExactly("e2", "e3", "e4");
    }

    // rename: "rename foo* AS bar*" and "rename count AS "Count of Events""
    @Test
    void renameWithWildcards_keepsThePlaceInTheFieldOrder() {
        SearchResult r = run(
                engine,
                "* | head 1 | table newImage.Severity newImage.VulnerabilityID eventId | rename newImage.* AS img_* "
                        + "| rename eventId AS \"Event ID\"");
        assertThat(r.fields()).containsExactly("img_Severity", "img_VulnerabilityID", "Event ID");
        assertThat(r.rows().get(0).value("img_Severity")).isEqualTo("LOW");
    }

    // top: count and percent (six decimals); rare: the least common first
    @Test
    void topAndRare() {
        SearchResult top = run(engine, "* | top limit=2 severity");
        assertThat(top.fields()).containsExactly("severity", "count", "percent");
        assertThat(column(top, "severity")).containsExactly("high", "low");
        assertThat(column(top, "percent")).containsExactly("60.000000", "20.000000");
        assertThat(column(run(engine, "* | rare severity"), "severity")).first().isNotEqualTo("high");
        SearchResult other = run(engine, "* | top 1 severity useother=true");
        assertThat(column(other, "severity")).containsExactly("high", "OTHER");
        assertThat(column(other, "count")).containsExactly("3", "2");
    }

    @Test
    void sortHeadTail() {
        assertThat(column(run(engine, "* | sort -severity_rank, eventId | table eventId"), "eventId"))
                .containsExactly("e2", "e1", "e1", "e3", "e4");
        assertThat(column(run(engine, "* | sort 2 num(severity_rank) | table eventId"), "eventId"))
                .containsExactly("e4", "e3");
        assertThat(column(run(engine, "* | head 2 | table eventId"), "eventId")).containsExactly("e4", "e3");
        // tail returns the last results in reverse order
        assertThat(column(run(engine, "* | tail 2 | table eventId"), "eventId")).containsExactly("e1", "e1");
    }

    // timechart: span=, count by X, empty buckets 0, _time aligned to the span in UTC
    @Test
    void timechartBySplitField_fillsEmptyBucketsWithZero() {
        SearchResult r = engine.search(
                "* | timechart span=10m count by eventName", "2024-12-05T12:00:00Z", "2024-12-05T12:40:00Z");
        assertThat(r.fields()).containsExactly("_time", "INSERT", "MODIFY", "REMOVE");
        assertThat(column(r, "_time")).containsExactly("1733400000", "1733400600", "1733401200", "1733401800");
        assertThat(column(r, "INSERT")).containsExactly("2", "1", "0", "0");
        assertThat(column(r, "REMOVE")).containsExactly("0", "0", "1", "0");
    }

    // timechart "Default time spans": last 60 minutes -> 1 minute, last 24 hours -> 30 minutes
    @Test
    void timechartDefaultSpan_followsTheTimeRange() {
        SearchResult hour = engine.search("* | timechart count", "-60m", "now");
        assertThat(hour.rows()).hasSize(60);
        SearchResult day = engine.search("* | timechart count", "-24h", "now");
        assertThat(Long.parseLong(day.rows().get(1).value("_time"))
                        - Long.parseLong(day.rows().get(0).value("_time")))
                .isEqualTo(1800);
    }

    @Test
    void timechartLimit_mergesTheRestIntoOther_andNullCollectsResultsLackingTheField() {
        SearchResult r = engine.search(
                "* | timechart span=1h limit=1 count by sla_days", "2024-12-05T12:00:00Z", "2024-12-05T13:00:00Z");
        assertThat(r.fields()).containsExactly("_time", "30", "NULL", "OTHER");
        assertThat(r.rows().get(0).value("30")).isEqualTo("3");
        assertThat(r.rows().get(0).value("NULL")).isEqualTo("1");
        assertThat(r.rows().get(0).value("OTHER")).isEqualTo("1");
        SearchResult plain = engine.search(
                "* | timechart span=1h useother=f usenull=f limit=1 avg(severity_rank) by sla_days",
                "2024-12-05T12:00:00Z",
                "2024-12-05T13:00:00Z");
        // the series kept is the one with the largest sum of its values: avg 4 (sla 7) over avg 3 (sla 30)
        assertThat(plain.fields()).containsExactly("_time", "7");
    }

    @Test
    void timechartOverNoResults_returnsNoRows() {
        assertThat(engine.search("nosuchterm | timechart span=5m count", "-24h", "now")
                        .rows())
                .isEmpty();
    }

    // the pipeline-health dashboard's shape: tstats by _time span=1m, <field> feeding timechart sum(count)
    @Test
    void tstatsSpanAmongByFields_feedsTimechart() {
        SearchResult r = engine.search(
                "| tstats count where index=main by _time span=10m, scanpipeline_event_name "
                        + "| timechart span=10m sum(count) by scanpipeline_event_name",
                "2024-12-05T12:00:00Z",
                "2024-12-05T12:30:00Z");
        assertThat(r.fields()).containsExactly("_time", "INSERT", "MODIFY", "REMOVE");
        assertThat(column(r, "INSERT")).containsExactly("2", "1", null);
        assertThat(column(r, "REMOVE")).containsExactly(null, null, "1");
    }

    @Test
    void chartOverBy() {
        SearchResult r = run(engine, "* | chart count over eventName by severity");
        assertThat(r.fields()).containsExactly("eventName", "critical", "high", "low");
        assertThat(column(r, "eventName")).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(column(r, "high")).containsExactly("2", "0", "1");
    }

    @Test
    void fillnullBinMvexpandFields() {
        SearchResult filled = run(engine, "* | table eventId sla_days | fillnull value=none");
        assertThat(column(filled, "sla_days")).containsExactly("none", "30", "7", "30", "30");
        SearchResult binned = run(engine, "* | bin _time span=10m | stats count by _time");
        assertThat(column(binned, "_time")).containsExactly("1733400000", "1733400600", "1733401200");
        assertThat(column(run(engine, "* | bin severity_rank span=2 AS band | stats count by band"), "band"))
                .containsExactly("0-2", "2-4", "4-6");
        assertThat(run(engine, "* | head 1 | fields - _raw").fields())
                .doesNotContain("_raw")
                .contains("eventId");
        assertThat(run(engine, "* | head 1 | fields eventId").fields()).containsExactly("_raw", "_time", "eventId");
        SearchResult expanded = run(engine, "eventId=e3 | table eventId owner | mvexpand owner");
        assertThat(column(expanded, "owner")).containsExactly("team-a", "team-b");
    }

    @Test
    void tstats_readsIndexedFieldsOnly() {
        SearchResult r =
                run(engine, "| tstats count where index=main sourcetype=\"scan:finding\" by scanpipeline_event_name");
        assertThat(column(r, "scanpipeline_event_name")).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(column(r, "count")).containsExactly("3", "1", "1");
        assertThat(run(engine, "| tstats dc(scanpipeline_event_id) AS ids")
                        .rows()
                        .get(0)
                        .value("ids"))
                .isEqualTo("4");
        // eventName exists only at search time (JSON): tstats cannot see it
        assertThat(run(engine, "| tstats count where eventName=INSERT")
                        .rows()
                        .get(0)
                        .value("count"))
                .isEqualTo("0");
        assertThat(run(engine, "| tstats count by eventName").rows()).isEmpty();
        SearchResult spans = run(engine, "| tstats count by _time span=10m");
        assertThat(column(spans, "_time")).containsExactly("1733400000", "1733400600", "1733401200");
    }

    // streamstats: "streamstats count" numbers results in order; by-groups and current=false as documented
    @Test
    void streamstats_runningAggregations() {
        SearchResult r = run(
                engine,
                "* | streamstats count AS n | streamstats current=false count AS before BY eventName "
                        + "| streamstats window=2 sum(severity_rank) AS last2 | table eventId n before last2");
        assertThat(column(r, "n")).containsExactly("1", "2", "3", "4", "5");
        assertThat(column(r, "before")).containsExactly("0", "0", "0", "1", "2");
        assertThat(column(r, "last2")).containsExactly("1", "4", "7", "7", "6");
    }

    // addtotals / addcoltotals: row sums into Total, a column-totals row with a label
    @Test
    void addtotalsAndAddcoltotals() {
        SearchResult r = run(
                engine,
                "* | stats count AS c, sum(severity_rank) AS s by eventName | addtotals "
                        + "| addcoltotals labelfield=eventName label=ALL");
        assertThat(r.fields()).containsExactly("eventName", "c", "s", "Total");
        assertThat(column(r, "Total")).containsExactly("13", "2", "4", "19");
        assertThat(column(r, "eventName")).containsExactly("INSERT", "MODIFY", "REMOVE", "ALL");
        assertThat(column(r, "c")).containsExactly("3", "1", "1", "5");
    }
}
