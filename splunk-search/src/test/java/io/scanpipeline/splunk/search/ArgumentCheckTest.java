package io.scanpipeline.splunk.search;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every command checks its arguments against Splunk's documented syntax: a stray term or an unknown option is an
 * error naming the command and the text, never ignored; unsupported commands and functions say so by name.
 */
class ArgumentCheckTest {
    private final SearchEngine engine = Fixtures.findings();

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = "=>",
            quoteCharacter = '~',
            value = {
                "* | dedup eventId eventName=INSERT          => dedup: unknown option 'eventName' in 'eventName=INSERT'",
                "* | dedup eventId sortby                    => dedup: no field to sort by",
                "* | dedup                                   => dedup: no field to dedup on",
                "* | stats count by eventName foo=bar        => stats: unknown option 'foo' in 'foo=bar'",
                "* | stats count eventName                   => stats: unknown function 'eventName'",
                "* | stats avg                               => stats: avg needs a field",
                "* | stats count bogus=1                     => stats: unexpected option 'bogus='",
                "* | sort eventId bogus=1                    => sort: unknown option 'bogus'",
                "* | sort num(eventId                        => unbalanced parentheses in '* | sort num(eventId'",
                "* | timechart span=1h count by a b          => timechart: timechart takes exactly one split-by field",
                "* | timechart spann=1h count                => timechart: unknown option 'spann'",
                "* | timechart span=7x count                 => timechart: invalid span '7x'",
                "* | top limit=x severity                    => top: option 'limit' takes an integer",
                "* | top severity showperc=maybe             => top: option 'showperc' takes a boolean",
                "* | head 5 extra                            => head: unexpected 'extra'",
                "* | table                                   => table: no fields given",
                "* | rename eventId eventKey                 => rename: expected 'eventId AS <new name>'",
                "* | fillnull value=0 foo=bar                => fillnull: unknown option 'foo'",
                "* | eval x                                  => eval: expected '<field>=<expression>'",
                "* | eval x=1 +                              => eval: unexpected 'end of expression'",
                "* | where                                   => where: missing expression",
                "* | mvexpand a b                            => mvexpand: expects exactly one field",
                "* | bin eventId                             => bin: not supported by the local search stand-in: bins without span=",
                "| makeresults count=2 annotate=true        => makeresults: not supported by the local search stand-in: annotate=true",
                "| tstats count where index=main bogus      => tstats: not supported by the local search stand-in: bare terms in tstats WHERE",
                "* | makeresults                             => makeresults: must be the first command",
            })
    void strayTermsAndUnknownOptions_areRefusedNamingThem(String spl, String message) {
        assertThatThrownBy(() -> engine.search(spl.strip(), null, null))
                .isInstanceOf(SplException.class)
                .hasMessageContaining(message.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = "=>",
            quoteCharacter = '~',
            value = {
                "* | rex field=_raw \"(?<x>.)\"              => rex: not supported by the local search stand-in: rex",
                "* | transaction eventId                     => not supported by the local search stand-in: transaction",
                "* | frobnicate                              => unknown search command 'frobnicate'",
                "* | eval x=sha256(eventId)                  => not supported by the local search stand-in: sha256()",
                "* | eval x=nosuchfn(eventId)                => eval: unknown function 'nosuchfn'",
                "* | stats var(x)                            => not supported by the local search stand-in: var()",
                "* | stats avg(*)                            => not supported by the local search stand-in: wildcard field avg(*)",
                "* | search [search foo]                     => not supported by the local search stand-in: subsearch",
                "* | search TERM(foo)                        => not supported by the local search stand-in: TERM()",
                "| eval x=1                                 => eval: is not a generating command",
            })
    void unsupportedAndUnknown_areRefusedByName(String spl, String message) {
        assertThatThrownBy(() -> engine.search(spl.strip(), null, null))
                .isInstanceOf(SplException.class)
                .hasMessageContaining(message.strip());
    }
}
