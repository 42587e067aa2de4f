package io.scanpipeline.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decompressed stream as the reader consumes it: knows the offset of the next byte, lets the format detection
 * look ahead without consuming, and remembers the most recent bytes handed out so that a parse error can be shown
 * with the text around it. Memory: the lookahead (at most what detection asked for) plus a fixed ring.
 *
 * <p>{@link #close()} does nothing: the caller of {@link RecordReader#read} owns the underlying stream.
 */
final class ByteSource extends InputStream {

    /** Larger than Jackson's read-ahead (8000 bytes), so an error offset is still in the ring when reported. */
    private static final int RING_SIZE = 64 * 1024;

    static final int EXCERPT_BYTES = 1024;

    private final InputStream in;
    private byte[] ahead = new byte[256];
    private int aheadPos;
    private int aheadEnd;
    private long position;
    private long pulled;
    private final byte[] ring = new byte[RING_SIZE];

    ByteSource(InputStream in) {
        this.in = in;
    }

    /** Offset (in the decompressed stream) of the next byte {@link #read()} returns. */
    long position() {
        return position;
    }

    /** Decompressed bytes taken from the underlying stream so far (including lookahead not yet consumed). */
    long bytesPulled() {
        return pulled;
    }

    /** The byte {@code index} positions ahead of {@link #position()}, without consuming it; -1 past the end. */
    int peek(int index) throws IOException {
        while (aheadEnd - aheadPos <= index) {
            if (aheadPos > 0) { // compact before growing
                System.arraycopy(ahead, aheadPos, ahead, 0, aheadEnd - aheadPos);
                aheadEnd -= aheadPos;
                aheadPos = 0;
            }
            if (aheadEnd == ahead.length) {
                ahead = Arrays.copyOf(ahead, Math.max(ahead.length * 2, index + 1));
            }
            int n = in.read(ahead, aheadEnd, ahead.length - aheadEnd);
            if (n < 0) {
                return -1;
            }
            aheadEnd += n;
            pulled += n;
        }
        return ahead[aheadPos + index] & 0xFF;
    }

    /** Consumes {@code n} bytes (already peeked). */
    void consume(int n) throws IOException {
        readNBytes(new byte[n], 0, n);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        if (aheadPos < aheadEnd) {
            n = Math.min(len, aheadEnd - aheadPos);
            System.arraycopy(ahead, aheadPos, b, off, n);
            aheadPos += n;
            if (aheadPos == aheadEnd && ahead.length > 4096) {
                ahead = new byte[256]; // detection may have grown it to a MiB; give that back
                aheadPos = aheadEnd = 0;
            }
        } else {
            n = in.read(b, off, len);
            if (n < 0) {
                return -1;
            }
            pulled += n;
        }
        remember(b, off, n);
        position += n;
        return n;
    }

    /** Copy of {@code length} lookahead bytes (for detection); call {@link #peek} first so they are present. */
    byte[] lookahead(int length) {
        return Arrays.copyOfRange(ahead, aheadPos, aheadPos + length);
    }

    /**
     * Up to {@link #EXCERPT_BYTES} already-read bytes around {@code offset} (half before, half after), decoded as
     * UTF-8; null when none of them is still remembered.
     */
    String excerptAround(long offset) {
        long from = Math.max(Math.max(0, offset - EXCERPT_BYTES / 2), position - RING_SIZE);
        long to = Math.min(position, from + EXCERPT_BYTES);
        if (from >= to) {
            return null;
        }
        byte[] out = new byte[(int) (to - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring[(int) ((from + i) % RING_SIZE)];
        }
        return utf8(out, 0, out.length);
    }

    @Override
    public void close() {
        // deliberately not closing `in`: see class comment
    }

    private void remember(byte[] b, int off, int n) {
        int start = n > RING_SIZE ? off + n - RING_SIZE : off;
        long at = position + (start - off);
        for (int i = start; i < off + n; ) {
            int slot = (int) (at % RING_SIZE);
            int chunk = Math.min(off + n - i, RING_SIZE - slot);
            System.arraycopy(b, i, ring, slot, chunk);
            i += chunk;
            at += chunk;
        }
    }

    /**
     * Decodes a slice that may have been cut in the middle of multi-byte characters: leading continuation bytes
     * and a trailing partial sequence are dropped rather than shown as replacement characters.
     */
    static String utf8(byte[] b, int off, int len) {
        int start = off;
        int end = off + len;
        while (start < end && start < off + 3 && (b[start] & 0xC0) == 0x80) {
            start++;
        }
        for (int back = 1; back <= 3 && end - back >= start; back++) {
            int lead = b[end - back] & 0xFF;
            if ((lead & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for its lead byte
            }
            int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (needed > back) {
                end -= back;
            }
            break;
        }
        return new String(b, start, end - start, StandardCharsets.UTF_8); // anything else invalid: U+FFFD
    }
}
