package io.scanpipeline.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The reader must not keep records it has delivered: a record handed out early must be collectable while the read
 * is still going. (The bounded-heap run over a 100 MB stream belongs to the integration tests.)
 */
class RecordReaderStreamingTest {

    private static final int RECORDS = 200_000;

    @Test
    void jsonStream_deliveredRecordsAreNotRetainedByTheReader() throws IOException {
        InputStream in = new GeneratedStream(
                "{\"meta\":\"m\",\"items\":[",
                i -> (i == 0 ? "" : ",") + "{\"i\":" + i + ",\"pad\":\"" + "p".repeat(40) + "\"}",
                "],\"n\":1}");

        RetentionProbe probe = new RetentionProbe();
        ReadSummary summary = new RecordReader(RecordPaths.parse("/items")).read(in, probe);

        assertThat(summary.records()).isEqualTo(RECORDS);
        assertThat(summary.format()).isEqualTo(InputFormat.JSON);
        assertThat(probe.firstCollectedWhileReading)
                .as("record 0 collectable during the read")
                .isTrue();
    }

    @Test
    void ndjsonStream_deliveredRecordsAreNotRetainedByTheReader() throws IOException {
        InputStream in = new GeneratedStream("", i -> "{\"i\":" + i + ",\"pad\":\"" + "p".repeat(40) + "\"}\n", "");

        RetentionProbe probe = new RetentionProbe();
        ReadSummary summary = new RecordReader(RecordPaths.root()).read(in, probe);

        assertThat(summary.records()).isEqualTo(RECORDS);
        assertThat(summary.format()).isEqualTo(InputFormat.NDJSON);
        assertThat(probe.firstCollectedWhileReading).isTrue();
    }

    /** Remembers record 0 weakly; late in the read, checks that garbage collection can take it. */
    private static final class RetentionProbe implements RecordVisitor {
        WeakReference<Object> firstValue;
        WeakReference<Object> firstContext;
        boolean firstCollectedWhileReading;
        long expected;

        @Override
        public void record(SourceRecord record) {
            assertThat(record.index()).isEqualTo(expected);
            assertThat(record.value().get("i").longValue()).isEqualTo(expected++);
            if (record.index() == 0) {
                firstValue = new WeakReference<>(record.value());
                firstContext = new WeakReference<>(record.context());
            } else if (record.index() == RECORDS - 10) {
                for (int i = 0; i < 20 && (firstValue.get() != null || firstContext.get() != null); i++) {
                    System.gc();
                    Thread.onSpinWait();
                }
                firstCollectedWhileReading = firstValue.get() == null && firstContext.get() == null;
            }
        }

        @Override
        public void malformed(MalformedInput problem) {
            throw new AssertionError("unexpected " + problem);
        }
    }

    /** header + item(0..RECORDS-1) + footer, produced on demand, never materialised. */
    private static final class GeneratedStream extends InputStream {
        private final LongFunction<String> item;
        private final String footer;
        private byte[] chunk;
        private int pos;
        private long next;
        private boolean done;

        GeneratedStream(String header, LongFunction<String> item, String footer) {
            this.item = item;
            this.footer = footer;
            this.chunk = header.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (pos == chunk.length) {
                if (done) {
                    return -1;
                }
                if (next < RECORDS) {
                    chunk = item.apply(next++).getBytes(StandardCharsets.UTF_8);
                } else {
                    chunk = footer.getBytes(StandardCharsets.UTF_8);
                    done = true;
                }
                pos = 0;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
