package io.scanpipeline.ingest.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Walks one top-level JSON value token by token and hands out the records the {@link RecordPaths} select.
 *
 * <p>Only the nodes on some path are descended; every other subtree is passed over with
 * {@link JsonParser#skipChildren()}, and a record is materialised as a tree only when it is reached, so memory
 * holds one record plus the scalar fields of its enclosing objects (the context frames), never the document.
 * The recursion depth is bounded by the longest path, not by the document's nesting.
 */
final class PathWalker {

    /** Receives what the walk finds. */
    interface Sink {
        /**
         * @param sourceBytes size of the record's text in the source, for the record size limit
         */
        void record(JsonNode value, ObjectNode context, long byteOffset, long line, long sourceBytes);

        /** A record was skipped while being read: it passed the size limit after {@code bytes} bytes. */
        void tooLarge(long byteOffset, long line, long bytes);

        /** A record was skipped because the scalar fields of its enclosing objects passed the context limit. */
        void contextTooLarge(long byteOffset, long line, long contextBytes);

        /** A path reached its end node in the document (even when that yields no records). */
        void matched(int pathId);
    }

    private static final int MAX_TOP_LEVEL_NAMES = 20;

    private final ObjectMapper mapper;
    /** Builds records and context values (numbers in bounded time; see TreeReader). */
    private final TreeReader tree;

    private final RecordPaths.Node root;
    private final Sink sink;
    /** Scalar fields of the objects being descended, outermost first. */
    private final List<ObjectNode> frames = new ArrayList<>();
    /** Source bytes (names and values) of the fields in {@link #frames}, per frame. */
    private final List<long[]> frameBytes = new ArrayList<>();

    private final int maxContextBytes;
    private long contextBytes;
    /** Frames that passed the context limit (their later fields were not kept); records under them are refused. */
    private int overflowedFrames;

    private LongSupplier consumed = () -> 0;
    private long recordLimit = Long.MAX_VALUE;
    private final List<String> topLevelNames = new ArrayList<>();
    private boolean moreTopLevelNames;
    private JsonToken firstRootToken;
    private int documents;
    private long baseOffset;
    private long baseLine;

    PathWalker(ObjectMapper mapper, RecordPaths paths, Sink sink, int maxContextBytes) {
        this.mapper = mapper;
        this.maxContextBytes = maxContextBytes;
        this.tree = new TreeReader(mapper.getNodeFactory());
        this.root = paths.trie();
        this.sink = sink;
    }

    /**
     * Walks the value whose first token is the parser's current token, leaving the parser on its last token.
     *
     * @param baseOffset stream offset of the parser's byte 0 (parser offsets are relative to where it started)
     * @param baseLine   stream line of the parser's line 1
     */
    void walk(JsonParser p, long baseOffset, long baseLine) throws IOException {
        this.baseOffset = baseOffset;
        this.baseLine = baseLine;
        frames.clear();
        frameBytes.clear();
        contextBytes = 0;
        overflowedFrames = 0;
        if (documents++ == 0) {
            firstRootToken = p.currentToken();
        }
        visit(p, List.of(root), documents == 1);
    }

    /**
     * Describes the first document's top level for a "matched nothing" report, e.g.
     * {@code top-level fields are: [a, b]} or {@code the top-level value is an array}.
     */
    String describeTopLevel() {
        if (firstRootToken == JsonToken.START_ARRAY) {
            return "the top-level value is an array";
        }
        if (firstRootToken != JsonToken.START_OBJECT) {
            return "the top-level value is a scalar";
        }
        return "top-level fields are: " + topLevelNames
                + (moreTopLevelNames ? " (first " + MAX_TOP_LEVEL_NAMES + " shown)" : "");
    }

    private void visit(JsonParser p, List<RecordPaths.Node> active, boolean collectNames) throws IOException {
        boolean end = false;
        for (RecordPaths.Node node : active) {
            if (node.pathId >= 0) {
                sink.matched(node.pathId);
                end = true;
            }
        }
        if (end) { // a record ends the search: deeper paths are not looked for inside records
            emit(p);
            return;
        }
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            visitObject(p, active, collectNames);
        } else if (token == JsonToken.START_ARRAY) {
            List<RecordPaths.Node> next = stars(active);
            if (next.isEmpty()) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                visit(p, next, false);
            }
        }
        // a scalar where the path wants to descend: nothing to do, its token is already consumed
    }

    private void visitObject(JsonParser p, List<RecordPaths.Node> active, boolean collectNames) throws IOException {
        ObjectNode frame = mapper.createObjectNode();
        long[] bytes = new long[2]; // [0]: bytes kept, [1]: 1 once the frame passed the limit
        frames.add(frame);
        frameBytes.add(bytes);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (collectNames) {
                if (topLevelNames.size() < MAX_TOP_LEVEL_NAMES) {
                    topLevelNames.add(name);
                } else {
                    moreTopLevelNames = true;
                }
            }
            JsonToken value = p.nextToken();
            List<RecordPaths.Node> next = step(active, name);
            if (!next.isEmpty() && (value.isStructStart() || hasEnd(next))) {
                visit(p, next, false);
            } else if (value.isScalarValue()) {
                // later fields overwrite earlier ones, as a JSON object with a duplicate name would
                keepInContext(p, frame, bytes, name, value);
            } else {
                p.skipChildren();
            }
        }
        frames.remove(frames.size() - 1);
        frameBytes.remove(frameBytes.size() - 1);
        contextBytes -= bytes[0];
        overflowedFrames -= (int) bytes[1];
    }

    /**
     * Keeps a scalar field for the context of the records below, while the context stays under its limit; a
     * field past the limit is not kept, and the frame is marked so that its records are refused rather than
     * delivered with a context that silently lacks fields.
     */
    private void keepInContext(JsonParser p, ObjectNode frame, long[] bytes, String name, JsonToken value)
            throws IOException {
        if (bytes[1] != 0) {
            return;
        }
        long size = name.length() + (value == JsonToken.VALUE_STRING || value.isNumeric() ? p.getTextLength() : 5);
        if (contextBytes + size > maxContextBytes) {
            bytes[1] = 1;
            overflowedFrames++;
            return;
        }
        bytes[0] += size;
        contextBytes += size;
        frame.set(name, tree.scalar(p, value));
    }

    /**
     * Sets how record size is measured while a record is read: {@code consumed} counts bytes the parser took
     * from its source, {@code limit} is the most a record may take by that count.
     */
    void bound(LongSupplier consumed, long limit) {
        this.consumed = consumed;
        this.recordLimit = limit;
    }

    /** The node at a path end: an array yields its elements, null yields nothing, anything else is one record. */
    private void emit(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            emitOne(p);
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            emitOne(p);
        }
    }

    private void emitOne(JsonParser p) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        long offset = baseOffset + start.getByteOffset();
        long line = baseLine + start.getLineNr() - 1;
        if (overflowedFrames > 0) {
            p.skipChildren();
            sink.contextTooLarge(offset, line, contextBytes);
            return;
        }
        JsonNode value;
        try {
            value = tree.read(p, consumed, recordLimit);
        } catch (TreeReader.TooLarge e) {
            sink.tooLarge(offset, line, e.bytes()); // reported first: the rest of it may be long to skip
            TreeReader.skipRest(p, e);
            return;
        }
        long size = p.currentLocation().getByteOffset() - start.getByteOffset();
        sink.record(value, context(), baseOffset + start.getByteOffset(), baseLine + start.getLineNr() - 1, size);
    }

    /** A fresh node per record, so a visitor may keep or change it; values are immutable and shared. */
    private ObjectNode context() {
        ObjectNode context = mapper.createObjectNode();
        for (ObjectNode frame : frames) { // outermost first, so the nearest ancestor wins
            context.setAll(frame);
        }
        return context;
    }

    private static List<RecordPaths.Node> step(List<RecordPaths.Node> active, String name) {
        List<RecordPaths.Node> next = null;
        for (RecordPaths.Node node : active) {
            RecordPaths.Node named = node.names.get(name);
            if (named != null) {
                next = add(next, named);
            }
            if (node.star != null) {
                next = add(next, node.star);
            }
        }
        return next == null ? List.of() : next;
    }

    private static List<RecordPaths.Node> stars(List<RecordPaths.Node> active) {
        List<RecordPaths.Node> next = null;
        for (RecordPaths.Node node : active) {
            if (node.star != null) {
                next = add(next, node.star);
            }
        }
        return next == null ? List.of() : next;
    }

    private static List<RecordPaths.Node> add(List<RecordPaths.Node> list, RecordPaths.Node node) {
        List<RecordPaths.Node> out = list == null ? new ArrayList<>(2) : list;
        if (!out.contains(node)) {
            out.add(node);
        }
        return out;
    }

    private static boolean hasEnd(List<RecordPaths.Node> nodes) {
        for (RecordPaths.Node node : nodes) {
            if (node.pathId >= 0) {
                return true;
            }
        }
        return false;
    }
}
