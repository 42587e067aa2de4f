package io.scanpipeline.local.emulator.s3;

import java.time.Instant;

/** A tiny streaming XML builder with proper escaping, for S3 response documents. */
final class XmlWriter {

    static final String S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final StringBuilder sb = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    /** Opens the root element with the S3 namespace. */
    static XmlWriter document(String root) {
        XmlWriter w = new XmlWriter();
        w.sb.append('<').append(root).append(" xmlns=\"").append(S3_NS).append("\">");
        return w;
    }

    /** Opens a root element without a namespace (S3 error documents have none). */
    static XmlWriter plainDocument(String root) {
        XmlWriter w = new XmlWriter();
        w.sb.append('<').append(root).append('>');
        return w;
    }

    XmlWriter start(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    XmlWriter end(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    /** Writes {@code <name>text</name>}; writes nothing when text is null. */
    XmlWriter element(String name, String text) {
        if (text != null) {
            sb.append('<').append(name).append('>');
            escapeInto(text, sb);
            sb.append("</").append(name).append('>');
        }
        return this;
    }

    XmlWriter element(String name, long value) {
        return element(name, Long.toString(value));
    }

    XmlWriter element(String name, boolean value) {
        return element(name, Boolean.toString(value));
    }

    XmlWriter element(String name, Instant value) {
        return element(name, S3Text.isoMillis(value));
    }

    /** Writes the standard local owner element. */
    XmlWriter owner(String elementName) {
        return start(elementName)
                .element("ID", ObjectStore.OWNER_ID)
                .element("DisplayName", ObjectStore.OWNER_NAME)
                .end(elementName);
    }

    /** Closes the root element and returns the document. */
    String finish(String root) {
        return end(root).sb.toString();
    }

    /** Escapes text for element content or attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        escapeInto(text, out);
        return out.toString();
    }

    private static void escapeInto(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        out.append("&#x")
                                .append(Integer.toHexString(c).toUpperCase())
                                .append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
