package io.scanpipeline.local.emulator.s3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;

/** Text helpers: URL decoding and encoding the way S3 does them, dates, and the key order of listings. */
final class S3Text {

    /** Orders keys by Unicode code point, which is the UTF-8 binary order S3 lists keys in. */
    static final Comparator<String> KEY_ORDER = S3Text::compareCodePoints;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private S3Text() {}

    /**
     * Percent-decodes {@code raw} as UTF-8.
     *
     * @param plusIsSpace true for query strings (form encoding), false for paths, where '+' is a plain '+'
     * @throws S3Exception InvalidURI when an escape is malformed or the bytes are not UTF-8
     */
    static String percentDecode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new S3Exception(400, "InvalidURI", "Couldn't parse the specified URI.");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                out.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new S3Exception(400, "InvalidURI", "Couldn't parse the specified URI.");
        }
    }

    /**
     * URL-encodes a key the way S3 does in event notifications and {@code encoding-type=url} listings:
     * UTF-8 bytes, letters, digits, {@code - _ . * /} kept, space as '+', everything else {@code %XX}.
     */
    static String formEncodeKey(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '*'
                    || c == '/') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /** RFC 7231 date, e.g. {@code Tue, 03 Jun 2008 11:05:30 GMT}. */
    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    /** ISO-8601 with milliseconds, e.g. {@code 2024-01-02T03:04:05.678Z}, as in S3 XML and events. */
    static String isoMillis(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** Parses an RFC 7231 date, or returns null when it is not one. */
    static Instant parseHttpDate(String value) {
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
