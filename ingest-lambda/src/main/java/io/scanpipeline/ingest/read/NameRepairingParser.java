package io.scanpipeline.ingest.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.List;

/**
 * A parser over text that went through {@link NameSurrogateRepair}: each field name it returns has its lone
 * surrogates back where the repair had put U+FFFD, so the name reaches the tree as written in the file and the
 * item builder's rule for strings that are not valid Unicode applies to it (replaced and noted; a key field's record
 * quarantined). {@link #skipChildren} goes token by token so that the repairs of skipped names are let go.
 */
final class NameRepairingParser extends JsonParserDelegate {

    private final NameSurrogateRepair repairs;
    private final long base;
    private String restored;

    /**
     * @param base stream offset of the parser's first byte (its locations are relative to it)
     */
    NameRepairingParser(JsonParser parser, NameSurrogateRepair repairs, long base) {
        super(parser);
        this.repairs = repairs;
        this.base = base;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        restored = null;
        JsonToken token = delegate.nextToken();
        if (token == JsonToken.FIELD_NAME && repairs.hasRepairs()) {
            List<NameSurrogateRepair.Repair> mine =
                    repairs.take(base + delegate.currentTokenLocation().getByteOffset());
            if (!mine.isEmpty()) {
                char[] name = delegate.currentName().toCharArray();
                for (NameSurrogateRepair.Repair r : mine) {
                    if (r.charIndex() < name.length && name[r.charIndex()] == '\uFFFD') {
                        name[r.charIndex()] = r.original();
                    }
                }
                restored = new String(name);
            }
        }
        return token;
    }

    @Override
    public String currentName() throws IOException {
        return restored != null ? restored : delegate.currentName();
    }

    @Override
    @Deprecated
    public String getCurrentName() throws IOException {
        return currentName();
    }

    @Override
    public String getText() throws IOException {
        return restored != null ? restored : delegate.getText();
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken token = currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            token = nextToken();
            if (token == null) {
                break;
            }
            if (token.isStructStart()) {
                open++;
            } else if (token.isStructEnd()) {
                open--;
            }
        }
        return this;
    }
}
