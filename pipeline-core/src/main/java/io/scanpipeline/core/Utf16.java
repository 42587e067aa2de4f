package io.scanpipeline.core;

/**
 * Java strings that are not valid Unicode. JSON lets a file write a lone surrogate ({@code "\ud800"}), Jackson
 * decodes it into a Java string, but such a string has no UTF-8 form: real DynamoDB refuses it and every tool
 * downstream chokes on it. These helpers find and replace such characters.
 */
public final class Utf16 {

    /** U+FFFD REPLACEMENT CHARACTER, what a lone surrogate is replaced with. */
    public static final char REPLACEMENT = '\uFFFD';

    private Utf16() {}

    /** Index of the first surrogate that is not part of a high-low pair, or -1 when the string is valid Unicode. */
    public static int firstLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The string with every lone surrogate replaced by U+FFFD; the same instance when there is none. */
    public static String replaceLoneSurrogates(String s) {
        int first = firstLoneSurrogate(s);
        if (first < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /**
     * JSON text with every lone surrogate written as its escape ({@code \ud800}): still the same JSON value
     * (surrogates only occur inside strings, where the escape is legal), but now encodable as UTF-8. The same
     * instance when there is none.
     */
    public static String escapeLoneSurrogatesInJson(String json) {
        int first = firstLoneSurrogate(json);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16).append(json, 0, first);
        for (int i = first; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                out.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** How a lone surrogate is named in messages: {@code \ud800 at character 3}. */
    public static String describe(String s, int index) {
        return String.format("\\u%04x at character %d", (int) s.charAt(index), index);
    }
}
