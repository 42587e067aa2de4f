package io.scanpipeline.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import org.junit.jupiter.api.Test;

class ScopeRetirementTest {

    private final FakeScopeTable table = new FakeScopeTable();

    @Test
    void itemsOfOlderScans_areDeleted_itemsOfTheCutoffScanAndNewerStay_otherScopesUntouched() throws Exception {
        table.put("a", "img1", "001");
        table.put("b", "img1", "001");
        table.put("c", "img1", "002");
        table.put("d", "img1", "003");
        table.put("e", "img2", "001");
        try (ScopeRetirement retirement = new ScopeRetirement(table, 2, 2)) {
            ScopeRetirement.Result result = retirement.retire("img1", "002", () -> false);

            assertThat(result.retired()).isEqualTo(2);
            assertThat(result.conditionFailed()).isZero();
            assertThat(result.complete()).isTrue();
        }
        assertThat(table.items).containsOnlyKeys("c", "d", "e");
    }

    @Test
    void anItemTheLaggingIndexStillListsButANewerScanRewrote_isNotDeleted() throws Exception {
        table.put("a", "img1", "001");
        table.put("b", "img1", "001");
        table.lagging = new HashMap<>(table.items);
        table.put("b", "img1", "003"); // rewritten by a newer scan after the index was read

        try (ScopeRetirement retirement = new ScopeRetirement(table, 10, 1)) {
            ScopeRetirement.Result result = retirement.retire("img1", "002", () -> false);

            assertThat(result.retired()).isEqualTo(1);
            assertThat(result.conditionFailed()).isEqualTo(1);
        }
        assertThat(table.items).containsOnlyKeys("b");
        assertThat(table.items.get("b").scan()).isEqualTo("003");
    }

    @Test
    void aSecondRun_retiresNothing() throws Exception {
        for (int i = 0; i < 7; i++) {
            table.put("k" + i, "img1", "001");
        }
        try (ScopeRetirement retirement = new ScopeRetirement(table, 3, 2)) {
            assertThat(retirement.retire("img1", "002", () -> false).retired()).isEqualTo(7);
            ScopeRetirement.Result again = retirement.retire("img1", "002", () -> false);
            assertThat(again.retired()).isZero();
            assertThat(again.conditionFailed()).isZero();
        }
    }

    @Test
    void outOfTime_stopsBetweenPages_andARunAfterwardsFinishes() throws Exception {
        for (int i = 0; i < 10; i++) {
            table.put(String.format("k%02d", i), "img1", "001");
        }
        try (ScopeRetirement retirement = new ScopeRetirement(table, 4, 2)) {
            ScopeRetirement.Result first = retirement.retire("img1", "002", () -> true);
            assertThat(first.complete()).isFalse();
            assertThat(first.pages()).isEqualTo(1);
            assertThat(first.retired()).isEqualTo(4);

            ScopeRetirement.Result rest = retirement.retire("img1", "002", () -> false);
            assertThat(rest.complete()).isTrue();
            assertThat(rest.retired()).isEqualTo(6);
        }
        assertThat(table.count("img1")).isZero();
    }
}
