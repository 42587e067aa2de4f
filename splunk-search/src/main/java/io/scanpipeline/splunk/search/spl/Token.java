package io.scanpipeline.splunk.search.spl;

/** A token of a command's arguments, with its place in the command text (for re-reading embedded expressions). */
public record Token(Kind kind, String text, int start, int end) {
    public enum Kind {
        WORD,
        QUOTED,
        OP,
        LPAREN,
        RPAREN,
        COMMA
    }

    public boolean isWord(String w) {
        return kind == Kind.WORD && text.equals(w);
    }

    public boolean isWordIgnoreCase(String w) {
        return kind == Kind.WORD && text.equalsIgnoreCase(w);
    }

    public boolean isOp(String o) {
        return kind == Kind.OP && text.equals(o);
    }

    /** A field name or value: a word or a quoted string. */
    public boolean isValue() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }
}
