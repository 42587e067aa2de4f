package io.scanpipeline.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lets a lone surrogate escape in a field name through Jackson's byte parser, which refuses it ("Unexpected low
 * surrogate in field name") and so would end a whole JSON document at one bad name. String values are not touched:
 * the parser accepts a lone surrogate there and the item builder applies the rule (replace with U+FFFD and note; a
 * key field is quarantined).
 *
 * <p>The stream is followed as JSON text (strings, escapes, and which strings are names: those that start where an
 * object expects a key). In a name, the four hex digits of a lone surrogate escape ({@code \ud800} not followed by
 * a low surrogate escape, or {@code \udc00} not preceded by a high one) are rewritten to {@code FFFD}: the same
 * length, so every byte offset stays right. Each rewrite is remembered ({@link Repair}: where the name starts,
 * which character, what it was), and {@link NameRepairingParser} puts the original surrogate back into the name
 * the parser returns, so a field name is judged like any other string. Bytes are handed on as soon as they are
 * decided: at most one escape pair (12 bytes) is held back.
 *
 * <p>The text's structure is only followed, never checked: on text that is not JSON the parser reports the error
 * where it is; a raw newline inside a string (never valid JSON) resets the state, so each NDJSON line starts clean.
 */
final class NameSurrogateRepair extends InputStream {

    /** One rewritten escape: in the name whose opening quote is at {@code nameOffset}, the character at
     * {@code charIndex} (UTF-16) was {@code original}. */
    record Repair(long nameOffset, int charIndex, char original) {}

    /** Nesting is followed this deep; beyond it (the parser refuses 512 levels anyway) names are left alone. */
    private static final int MAX_TRACKED_DEPTH = 4096;

    private final InputStream in;
    private byte[] buf = new byte[64 * 1024];
    private long bufOffset; // stream offset of buf[0]
    private int start; // next byte to hand out
    private int scanned; // bytes before this index went through the state machine
    private int end;
    private boolean eof;
    private final ArrayDeque<Repair> repairs = new ArrayDeque<>();

    // structure: open containers (true: object) and whether the object expects a key next
    private final boolean[] objects = new boolean[MAX_TRACKED_DEPTH];
    private int depth;
    private boolean expectKey;
    // the string being read
    private boolean inString;
    private boolean inName;
    private long nameOffset;
    private int units; // UTF-16 units of the name so far
    private int escape; // 0: none; 1: after '\'; 2..5: reading hex digit 1..4 of \\u
    private int hex;
    private long escapeStart = -1; // offset of the '\' of an escape in a name, until it is decided
    private long pendingHigh = -1; // offset of the '\' of a high surrogate escape awaiting its low one
    private int pendingHighUnit;
    private char pendingHighChar;

    NameSurrogateRepair(InputStream in) {
        this.in = in;
    }

    /** Takes the repairs of the names whose opening quote is at {@code nameOffset}, dropping those before it. */
    List<Repair> take(long nameOffset) {
        List<Repair> found = List.of();
        while (!repairs.isEmpty() && repairs.peekFirst().nameOffset() <= nameOffset) {
            Repair r = repairs.pollFirst();
            if (r.nameOffset() == nameOffset) {
                if (found.isEmpty()) {
                    found = new ArrayList<>();
                }
                found.add(r);
            }
        }
        return found;
    }

    /** Whether any repair is waiting to be taken. */
    boolean hasRepairs() {
        return !repairs.isEmpty();
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
        while (true) {
            int ready = decided() - start;
            if (ready > 0) {
                int n = Math.min(len, ready);
                System.arraycopy(buf, start, b, off, n);
                start += n;
                return n;
            }
            if (eof) {
                if (start < end) { // undecided at the end: a name cut off, which the parser reports
                    escapeStart = pendingHigh = -1;
                    continue;
                }
                return -1;
            }
            fill();
            scan();
        }
    }

    /** Index up to which the bytes are final. */
    private int decided() {
        long hold = pendingHigh >= 0 ? pendingHigh : escapeStart;
        return hold >= 0 ? (int) (hold - bufOffset) : scanned;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            bufOffset += start;
            scanned -= start;
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private void scan() {
        final byte[] b = buf;
        final int e = end;
        int i = scanned;
        while (i < e) {
            if (inString && !inName) { // a value: only its end matters, so skip along (most bytes are here)
                if (escape != 0) { // the byte after a backslash
                    escape = 0;
                    i++;
                    continue;
                }
                byte c = b[i];
                while (c != '"' && c != '\\' && c != '\n') {
                    if (++i == e) {
                        scanned = e;
                        return;
                    }
                    c = b[i];
                }
                if (c == '\\') {
                    escape = 1;
                } else if (c == '"') {
                    inString = false;
                    expectKey = false;
                } else {
                    startOver(); // a raw newline never belongs to a string: the text is broken, start over
                }
                i++;
                continue;
            }
            if (!inString) { // between tokens only the structure matters: skip whitespace, numbers, literals
                while (!STRUCTURE[b[i] & 0xFF]) {
                    if (++i == e) {
                        scanned = e;
                        return;
                    }
                }
                outside(b[i] & 0xFF, bufOffset + i);
            } else {
                inString(b[i] & 0xFF, bufOffset + i);
            }
            i++;
        }
        scanned = i;
    }

    private static final boolean[] STRUCTURE = new boolean[256];

    static {
        for (char c : "{}[],:\"".toCharArray()) {
            STRUCTURE[c] = true;
        }
    }

    private void outside(int c, long at) {
        switch (c) {
            case '{' -> push(true);
            case '[' -> push(false);
            case '}', ']' -> {
                if (depth > 0) {
                    depth--;
                }
                expectKey = false;
            }
            case ',' -> expectKey = depth > 0 && depth <= MAX_TRACKED_DEPTH && objects[depth - 1];
            case ':' -> expectKey = false;
            case '"' -> {
                inString = true;
                inName = expectKey;
                nameOffset = at;
                units = 0;
                escape = 0;
            }
            default -> {}
        }
    }

    private void push(boolean object) {
        if (depth < MAX_TRACKED_DEPTH) {
            objects[depth] = object;
        }
        depth++;
        expectKey = object && depth <= MAX_TRACKED_DEPTH;
    }

    private void inString(int c, long at) {
        if (escape == 0) {
            if (pendingHigh >= 0 && c != '\\') {
                repairPendingHigh(); // a high surrogate followed by anything but an escape
            }
            if (c == '"') {
                inString = false;
                expectKey = false;
            } else if (c == '\\') {
                escape = 1;
                if (inName) {
                    escapeStart = escapeStart < 0 ? at : escapeStart;
                }
            } else if (c == '\n') {
                startOver(); // a raw newline never belongs to a string: the text is broken, start over
            } else if (inName && (c < 0x80 || c >= 0xC0)) {
                units += c >= 0xF0 ? 2 : 1; // a lead byte: one character (two UTF-16 units beyond U+FFFF)
            }
        } else if (escape == 1) {
            if (c == 'u') {
                escape = 2;
                hex = 0;
            } else {
                if (pendingHigh >= 0) {
                    repairPendingHigh();
                }
                escape = 0;
                units++;
                escapeStart = -1;
            }
        } else {
            int digit = Character.digit(c, 16);
            if (digit < 0) { // not JSON: the parser will say so
                escape = 0;
                escapeStart = pendingHigh = -1;
                return;
            }
            hex = hex * 16 + digit;
            if (++escape == 6) {
                escape = 0;
                if (inName) {
                    unicodeEscape((char) hex, at - 5);
                }
            }
        }
    }

    /** A complete {@code \\uXXXX} in a name, whose backslash is at {@code at}. */
    private void unicodeEscape(char ch, long at) {
        if (pendingHigh >= 0) {
            if (Character.isLowSurrogate(ch)) { // a pair: both fine
                pendingHigh = -1;
                escapeStart = -1;
                units++;
                return;
            }
            repairPendingHigh();
        }
        if (Character.isHighSurrogate(ch)) {
            pendingHigh = at;
            pendingHighUnit = units;
            pendingHighChar = ch;
            escapeStart = -1;
            units++;
            return;
        }
        if (Character.isLowSurrogate(ch)) {
            rewrite(at, units, ch);
        }
        escapeStart = -1;
        units++;
    }

    private void repairPendingHigh() {
        rewrite(pendingHigh, pendingHighUnit, pendingHighChar);
        pendingHigh = -1;
    }

    private void rewrite(long backslashAt, int unit, char original) {
        int i = (int) (backslashAt - bufOffset) + 2;
        buf[i] = 'F';
        buf[i + 1] = 'F';
        buf[i + 2] = 'F';
        buf[i + 3] = 'D';
        repairs.addLast(new Repair(nameOffset, unit, original));
    }

    private void startOver() {
        depth = 0;
        expectKey = false;
        inString = false;
        escape = 0;
        escapeStart = pendingHigh = -1;
    }

    @Override
    public void close() {
        // the caller owns the stream
    }
}
