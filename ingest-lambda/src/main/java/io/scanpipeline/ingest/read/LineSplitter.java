package io.scanpipeline.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits raw bytes at {@code '\n'} so that a broken NDJSON line can be skipped without understanding it. A line
 * longer than the cap is not buffered: its first bytes are kept for the report and the rest is discarded up to the
 * next newline, so memory stays at about the cap whatever the input.
 *
 * <p>Usage: {@code while (next()) { ... buffer(), start(), length(), offset(), lineNumber(), tooLong() ... }}. The
 * buffer is reused: a line's bytes are valid only until the next call to {@link #next()}.
 */
final class LineSplitter {

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buf = new byte[CHUNK];
    private int pos;
    private int end;
    private long bufOffset; // stream offset of buf[0]
    private long nextLine;
    private boolean eof;

    private int lineStart;
    private int lineLength;
    private long lineOffset;
    private long lineNumber;
    private boolean tooLong;

    /**
     * @param firstOffset stream offset of the first byte {@code in} returns
     * @param firstLine   line number of that byte
     */
    LineSplitter(InputStream in, int maxLineBytes, long firstOffset, long firstLine) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.bufOffset = firstOffset;
        this.nextLine = firstLine;
    }

    /** Advances to the next line (possibly empty); false at the end of the stream. */
    boolean next() throws IOException {
        int scanFrom = pos;
        while (true) {
            int nl = indexOf((byte) '\n', scanFrom, end);
            if (nl >= 0) {
                setLine(pos, nl - pos, nl - pos > maxLineBytes); // already buffered: just flag it when too long
                pos = nl + 1;
                return true;
            }
            if (end - pos > maxLineBytes) {
                setLine(pos, end - pos, true); // keeps only what the report shows
                discardRestOfLine();
                return true;
            }
            if (eof) {
                if (pos == end) {
                    return false;
                }
                setLine(pos, end - pos, end - pos > maxLineBytes); // last line without a newline
                pos = end;
                return true;
            }
            scanFrom = end;
            int shift = compact();
            scanFrom -= shift;
            fill();
        }
    }

    byte[] buffer() {
        return buf;
    }

    int start() {
        return lineStart;
    }

    /** Bytes of the line without its {@code '\n'}; for a {@link #tooLong()} line, only the kept prefix. */
    int length() {
        return lineLength;
    }

    /** Stream offset of the line's first byte. */
    long offset() {
        return lineOffset;
    }

    /** 1-based line number. */
    long lineNumber() {
        return lineNumber;
    }

    /** True when the line exceeded the cap and was skipped. */
    boolean tooLong() {
        return tooLong;
    }

    /** True when the line holds only JSON whitespace. */
    boolean isBlank() {
        for (int i = lineStart; i < lineStart + lineLength; i++) {
            byte c = buf[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    private void setLine(int start, int length, boolean overlong) {
        lineStart = start;
        lineLength = overlong ? Math.min(ByteSource.EXCERPT_BYTES, length) : length;
        lineOffset = bufOffset + start;
        lineNumber = nextLine++;
        tooLong = overlong;
    }

    /**
     * Moves the start of an overlong line (up to {@link ByteSource#EXCERPT_BYTES}, for the report) to the front of
     * the buffer and drops everything else up to and including the next newline.
     */
    private void discardRestOfLine() throws IOException {
        int kept = lineLength;
        System.arraycopy(buf, lineStart, buf, 0, kept);
        lineStart = 0;
        long skipped = end - pos; // the buffer holds no newline, so all of it belongs to this line
        end = kept;
        while (!eof) { // stream the rest of the line through the free part of the buffer
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
                break;
            }
            int nl = indexOf((byte) '\n', end, end + n);
            int lineBytes = (nl >= 0 ? nl : end + n) - end;
            kept += Math.min(lineBytes, ByteSource.EXCERPT_BYTES - kept); // slow streams: complete the prefix
            skipped += lineBytes;
            if (nl >= 0) {
                skipped++;
                int rest = end + n - (nl + 1);
                System.arraycopy(buf, nl + 1, buf, kept, rest); // the start of the next line
                end = kept + rest;
                break;
            }
            end = kept;
        }
        lineLength = kept;
        pos = kept;
        bufOffset = lineOffset + skipped - kept; // so that buf[kept] is at the offset after the newline
    }

    /** Moves the unread part to the front, growing the buffer when a line fills it; returns the shift. */
    private int compact() {
        int shift = pos;
        if (shift > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= shift;
            pos = 0;
            bufOffset += shift;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLineBytes + CHUNK));
        }
        return shift;
    }

    private void fill() throws IOException {
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
