package io.scanpipeline.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordPathsTest {

    @Test
    void emptySpecAndSlash_meanTheRoot() {
        assertThat(RecordPaths.parse("").paths()).containsExactly("/");
        assertThat(RecordPaths.parse("  ").isRootOnly()).isTrue();
        assertThat(RecordPaths.parse(null).isRootOnly()).isTrue();
        assertThat(RecordPaths.parse("/").isRootOnly()).isTrue();
        assertThat(RecordPaths.root().paths()).containsExactly("/");
    }

    @Test
    void severalPaths_areTrimmedDeduplicatedAndKeptInOrder() {
        RecordPaths paths = RecordPaths.parse(" /Findings , /findings,/Findings");

        assertThat(paths.paths()).containsExactly("/Findings", "/findings");
        assertThat(paths.isRootOnly()).isFalse();
        assertThat(paths).hasToString("/Findings,/findings");
    }

    @Test
    void wildcardAndNames_buildOneSharedTrie() {
        RecordPaths paths = RecordPaths.parse("/Results/*/Vulnerabilities,/Results/*/Misconfigurations");

        RecordPaths.Node star = paths.trie().names.get("Results").star;
        assertThat(star.names).containsOnlyKeys("Vulnerabilities", "Misconfigurations");
        assertThat(star.names.get("Vulnerabilities").pathId).isZero();
        assertThat(star.names.get("Misconfigurations").pathId).isEqualTo(1);
        assertThat(paths.trie().pathId).isEqualTo(-1);
    }

    @Test
    void rfc6901Escapes_areDecoded_andReEncodedForDisplay() {
        RecordPaths paths = RecordPaths.parse("/a~1b/c~0d/~01");

        RecordPaths.Node node =
                paths.trie().names.get("a/b").names.get("c~d").names.get("~1");
        assertThat(node.pathId).isZero();
        assertThat(paths.paths()).containsExactly("/a~1b/c~0d/~01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Findings", "/a//b", "/a/", "/a,", ",/a", "/a~2", "/a~", "/,/a", "/a,/a/b", "/a/*,/a/*/c"})
    void invalidSpecs_areRejected(String spec) {
        assertThatThrownBy(() -> RecordPaths.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixConflict_explainsItself() {
        assertThatThrownBy(() -> RecordPaths.parse("/Results,/Results/*/Vulnerabilities"))
                .hasMessage("record path /Results is a prefix of /Results/*/Vulnerabilities: "
                        + "a record cannot contain other records");
    }
}
