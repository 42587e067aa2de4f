package io.scanpipeline.local.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scanpipeline.splunk.search.SplException;
import io.scanpipeline.splunk.search.SplunkApp;
import io.scanpipeline.splunk.search.index.HecDefaults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverIndexTest {
    @TempDir
    Path dir;

    static String line(int n) {
        return "{\"receivedAt\":\"2026-12-05T10:00:0" + n + "Z\",\"path\":\"/services/collector/event\","
                + "\"hec\":{\"time\":1764928800." + n + ",\"sourcetype\":\"scan:finding\",\"event\":{\"eventId\":\"e"
                + n
                + "\",\"eventName\":\"INSERT\"}}}\n";
    }

    private void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void appendedLines_areIndexedOnTheNextRefresh_andAHalfWrittenLineWaits() throws Exception {
        Path file = dir.resolve("hec-events.ndjson");
        ReceiverIndex index = new ReceiverIndex(file, SplunkApp.empty(), HecDefaults.local());
        assertThat(index.refresh().size()).as("no file yet").isZero();
        append(file, line(1) + line(2));
        assertThat(index.refresh().size()).isEqualTo(2);
        String third = line(3);
        append(file, third.substring(0, 40));
        assertThat(index.refresh().size())
                .as("the receiver is still writing line 3")
                .isEqualTo(2);
        append(file, third.substring(40));
        assertThat(index.refresh().size()).isEqualTo(3);
        assertThat(index.refresh().size())
                .as("nothing new, nothing added twice")
                .isEqualTo(3);
    }

    @Test
    void aFileStartedAgain_isIndexedFromTheBeginning() throws Exception {
        Path file = dir.resolve("hec-events.ndjson");
        ReceiverIndex index = new ReceiverIndex(file, SplunkApp.empty(), HecDefaults.local());
        append(file, line(1) + line(2));
        assertThat(index.refresh().size()).isEqualTo(2);
        Files.writeString(file, line(3));
        assertThat(index.refresh().size()).isEqualTo(1);
    }

    @Test
    void malformedLine_failsNamingFileAndLine_everyRefresh() throws Exception {
        Path file = dir.resolve("hec-events.ndjson");
        ReceiverIndex index = new ReceiverIndex(file, SplunkApp.empty(), HecDefaults.local());
        append(file, line(1) + "{\"receivedAt\":\"2026-12-05T10:00:00Z\"}\n" + line(2));
        assertThatThrownBy(index::refresh)
                .isInstanceOf(SplException.class)
                .hasMessageContaining(file + " line 2")
                .hasMessageContaining("\"hec\"");
        assertThatThrownBy(index::refresh).as("not skipped on the next refresh").hasMessageContaining("line 2");
        assertThat(index.size()).isEqualTo(1);
    }
}
