package io.scanpipeline.splunk.search;

import static io.scanpipeline.splunk.search.Fixtures.make;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Eval functions pinned against the examples of Splunk's Search Reference ("Evaluation functions" pages). Each test
 * names the page its example comes from; inputs and expected outputs are the documented ones.
 */
class DocumentedEvalExamplesTest {
    private static String eval(String expr) {
        return make("| makeresults | eval x=" + expr).rows().get(0).value("x");
    }

    private static List<String> evalAll(String prefix, String expr) {
        return make("| makeresults | eval " + prefix + " | eval x=" + expr)
                .rows()
                .get(0)
                .values("x");
    }

    // Text functions: trim/ltrim/rtrim examples
    @Test
    void trimFunctions_removeTheGivenCharacters() {
        assertThat(eval("trim(\"   ZZZZabcZZ \", \" Z\")")).isEqualTo("abc");
        assertThat(eval("ltrim(\"   ZZZZabcZZ \", \" Z\")")).isEqualTo("abcZZ ");
        assertThat(eval("rtrim(\"   ZZZZabcZZ \", \" Z\")")).isEqualTo("   ZZZZabc");
    }

    // Text functions: substr example, "returns string"
    @Test
    void substr_countsFromOneAndFromTheEndWhenNegative() {
        assertThat(eval("substr(\"string\", 1, 3) + substr(\"string\", -3)")).isEqualTo("string");
    }

    // Text functions: replace example swapping month and day
    @Test
    void replace_usesBackreferences() {
        assertThat(evalAll("date=\"1/14/2017\"", "replace(date, \"^(\\d{1,2})/(\\d{1,2})/\", \"\\2/\\1/\")"))
                .containsExactly("14/1/2017");
    }

    // Text functions: upper, lower, len
    @Test
    void upperLowerLen() {
        assertThat(eval("upper(\"abc\")")).isEqualTo("ABC");
        assertThat(eval("lower(\"ABC\")")).isEqualTo("abc");
        assertThat(eval("len(\"splunk\")")).isEqualTo("6");
    }

    // Conversion functions: tostring example, returns "True 0xF 12,345.68"
    @Test
    void tostring_booleanHexAndCommas() {
        assertThat(eval("tostring(1==1) + \" \" + tostring(15, \"hex\") + \" \" + tostring(12345.6789, \"commas\")"))
                .isEqualTo("True 0xF 12,345.68");
    }

    // Conversion functions: tostring(615, "duration") returns 00:10:15
    @Test
    void tostring_duration() {
        assertThat(eval("tostring(615, \"duration\")")).isEqualTo("00:10:15");
    }

    // Conversion functions: tonumber("0A4", 16) returns 164
    @Test
    void tonumber_withBase() {
        assertThat(eval("tonumber(\"0A4\", 16)")).isEqualTo("164");
    }

    // Mathematical functions: round(3.5) = 4, round(2.555, 2) = 2.56; abs, ceiling, floor, pow, log, sqrt, exact
    @Test
    void mathematicalFunctions() {
        assertThat(eval("round(3.5)")).isEqualTo("4");
        assertThat(eval("round(2.555, 2)")).isEqualTo("2.56");
        assertThat(eval("round(2.5, 2)")).isEqualTo("2.50");
        assertThat(eval("abs(-5)")).isEqualTo("5");
        assertThat(eval("ceiling(1.9)")).isEqualTo("2");
        assertThat(eval("floor(1.9)")).isEqualTo("1");
        assertThat(eval("pow(2, 10)")).isEqualTo("1024");
        assertThat(eval("log(100)")).isEqualTo("2");
        assertThat(eval("sqrt(9)")).isEqualTo("3");
        assertThat(eval("exact(3.14 * 2)")).isEqualTo("6.28");
    }

    // Comparison and conditional functions: case(error == 404, "Not found", ...)
    @Test
    void case_returnsTheFirstTrueBranch_andNullWhenNone() {
        assertThat(
                        evalAll(
                                "error=500",
                                "case(error == 404, \"Not found\", error == 500, \"Internal Server Error\", error == 200, \"OK\")"))
                .containsExactly("Internal Server Error");
        assertThat(evalAll("error=302", "case(error == 404, \"Not found\", error == 500, \"Internal Server Error\")"))
                .isEmpty();
    }

    // Comparison and conditional functions: coalesce(null(), "Returned value", null())
    @Test
    void coalesce_returnsTheFirstNonNull() {
        assertThat(eval("coalesce(null(), \"Returned value\", null())")).isEqualTo("Returned value");
    }

    // Comparison and conditional functions: validate(isint(port), ..., port >= 1 AND port <= 65535, ...)
    @Test
    void validate_returnsTheMessageOfTheFirstFalseCondition() {
        String expr = "validate(isint(port), \"ERROR: Port is not an integer\", port >= 1 AND port <= 65535, "
                + "\"ERROR: Port is out of range\")";
        assertThat(evalAll("port=70000", expr)).containsExactly("ERROR: Port is out of range");
        assertThat(evalAll("port=\"x\"", expr)).containsExactly("ERROR: Port is not an integer");
        assertThat(evalAll("port=80", expr)).isEmpty();
    }

    // Comparison and conditional functions: cidrmatch("123.132.32.0/25", ip), in(status, "404", "500", "503"), like,
    // match
    @Test
    void cidrmatchInLikeMatch() {
        assertThat(evalAll("ip=\"123.132.32.10\"", "if(cidrmatch(\"123.132.32.0/25\", ip), \"local\", \"not local\")"))
                .containsExactly("local");
        assertThat(evalAll("status=503", "if(in(status, \"404\", \"500\", \"503\"), \"true\", \"false\")"))
                .containsExactly("true");
        assertThat(evalAll("field=\"address\"", "if(like(field, \"addr%\"), \"yes\", \"no\")"))
                .containsExactly("yes");
        assertThat(evalAll(
                        "field=\"10.1.2.3\"",
                        "if(match(field, \"^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$\"), 1, 0)"))
                .containsExactly("1");
    }

    // Informational functions: typeof(12), typeof("string"), typeof(1==2), typeof(badfield)
    @Test
    void typeof_namesTheTypes() {
        SearchResult r =
                make("| makeresults | eval a=typeof(12), b=typeof(\"string\"), c=typeof(1==2), d=typeof(badfield)");
        assertThat(r.rows().get(0).value("a")).isEqualTo("Number");
        assertThat(r.rows().get(0).value("b")).isEqualTo("String");
        assertThat(r.rows().get(0).value("c")).isEqualTo("Boolean");
        assertThat(r.rows().get(0).value("d")).isEqualTo("Invalid");
    }

    // Multivalue eval functions: split, mvcount, mvindex (0-based, negative from the end), mvjoin, mvsort, mvdedup,
    // mvappend, mvfind, mvfilter examples
    @Test
    void multivalueFunctions() {
        String setup = "m=split(\"c;a;b;a\", \";\")";
        assertThat(evalAll(setup, "mvcount(m)")).containsExactly("4");
        assertThat(evalAll(setup, "mvindex(m, 2)")).containsExactly("b");
        assertThat(evalAll(setup, "mvindex(m, -1)")).containsExactly("a");
        assertThat(evalAll(setup, "mvindex(m, 1, 2)")).containsExactly("a", "b");
        assertThat(evalAll(setup, "mvjoin(m, \",\")")).containsExactly("c,a,b,a");
        assertThat(evalAll(setup, "mvsort(m)")).containsExactly("a", "a", "b", "c");
        assertThat(evalAll(setup, "mvdedup(m)")).containsExactly("c", "a", "b");
        assertThat(evalAll(setup, "mvappend(m, \"middle\", \"z\")")).containsExactly("c", "a", "b", "a", "middle", "z");
        assertThat(evalAll("m=split(\"ok,err12,err3\", \",\")", "mvfind(m, \"err\\d+\")"))
                .containsExactly("1");
        assertThat(evalAll(
                        "email=split(\"a@x.net;b@y.com;c@z.org\", \";\")",
                        "mvfilter(match(email, \"\\.net$\") OR match(email, \"\\.org$\"))"))
                .containsExactly("a@x.net", "c@z.org");
    }

    // Date and time functions: relative_time(now(), "-1d@d"), strftime(_time, "%H:%M"), strptime
    @Test
    void dateAndTimeFunctions() {
        // the fixed clock says 2024-12-05T12:30:00Z; yesterday at midnight is 2024-12-04T00:00:00Z
        assertThat(eval("relative_time(now(), \"-1d@d\")")).isEqualTo("1733270400");
        assertThat(eval("strftime(1733401800, \"%H:%M\")")).isEqualTo("12:30");
        assertThat(eval("strftime(1733401800.25, \"%Y-%m-%dT%H:%M:%S.%3N%z\")"))
                .isEqualTo("2024-12-05T12:30:00.250+0000");
        assertThat(eval("strptime(\"2024-12-05 12:00:00\", \"%Y-%m-%d %H:%M:%S\")"))
                .isEqualTo("1733400000");
    }

    // Null handling: arithmetic with null is null; isnull/isnotnull; a null assignment removes the field
    @Test
    void nulls_propagateThroughArithmetic_andRemoveTheField() {
        SearchResult r = make(
                "| makeresults | eval a=missing + 1, b=if(isnull(missing), \"yes\", \"no\"), c=if(isnotnull(missing), 1, 0)");
        assertThat(r.rows().get(0).asMap()).doesNotContainKey("a");
        assertThat(r.rows().get(0).value("b")).isEqualTo("yes");
        assertThat(r.rows().get(0).value("c")).isEqualTo("0");
    }

    // Eval command: "fields cannot be assigned a boolean result"
    @Test
    void assigningABoolean_isAnError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> make("| makeresults | eval b=1==1"))
                .isInstanceOf(SplException.BadArgument.class)
                .hasMessageContaining("boolean");
    }

    // Multivalue: upper() of a multivalue field acts on every value; comparison matches when any value does
    @Test
    void multivalueSemantics() {
        assertThat(evalAll("m=split(\"a,b\", \",\")", "upper(m)")).containsExactly("A", "B");
        assertThat(make("| makeresults | eval m=split(\"a,b\", \",\") | where m=\"b\"")
                        .rows())
                .hasSize(1);
    }

    // Eval: "." concatenates, numbers print without ".0", division keeps the fraction
    @Test
    void numbersAndConcatenation() {
        assertThat(eval("1 . \"-\" . 2")).isEqualTo("1-2");
        assertThat(eval("4 / 2")).isEqualTo("2");
        assertThat(eval("7 / 2")).isEqualTo("3.5");
        assertThat(eval("7 % 4")).isEqualTo("3");
    }

    // Null in comparisons: a comparison with a null side is false, so NOT of it is true (Splunk 8.2 as shown in
    // qiita.com/frozencatpisces/items/bb0adbf22712565c15e1: if(NOT NULL != NULL, "OK", "NG") gives "OK")
    @Test
    void comparisonsWithNull_areFalse_andNotOfThemTrue() {
        assertThat(make("| makeresults | where missing=1").rows()).isEmpty();
        assertThat(make("| makeresults | where missing!=1").rows()).isEmpty();
        assertThat(make("| makeresults | where NOT missing=1").rows()).hasSize(1);
        assertThat(eval("if(NOT missing==missing, \"OK\", \"NG\")")).isEqualTo("OK");
    }

    // JSON functions: json_extract returns a native value for a scalar, JSON for an object or array, null when absent
    @Test
    void jsonExtract() {
        String setup = "j=\"{\\\"a\\\":{\\\"b\\\":[10,{\\\"c\\\":\\\"x\\\"}]},\\\"n\\\":1.50}\"";
        assertThat(evalAll(setup, "json_extract(j, \"a.b{1}.c\")")).containsExactly("x");
        assertThat(evalAll(setup, "json_extract(j, \"a.b{0}\")")).containsExactly("10");
        assertThat(evalAll(setup, "json_extract(j, \"n\")")).containsExactly("1.50");
        assertThat(evalAll(setup, "json_extract(j, \"a\")")).containsExactly("{\"b\":[10,{\"c\":\"x\"}]}");
        assertThat(evalAll(setup, "json_extract(j, \"nope\")")).isEmpty();
    }
}
