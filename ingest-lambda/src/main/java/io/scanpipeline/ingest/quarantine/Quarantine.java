package io.scanpipeline.ingest.quarantine;

import io.scanpipeline.ingest.SourceObject;
import java.io.IOException;

/** Where records that cannot be stored go, with the reason, so that nothing is dropped silently. */
public interface Quarantine {

    /** Opens the quarantine of one source object. */
    Sink open(SourceObject source) throws IOException;

    /**
     * Opens the quarantine of the piece of {@code source} that starts at record {@code firstRecord} (a continuation
     * after a deadline); a piece other than the first must not replace the lines of the earlier pieces.
     */
    default Sink open(SourceObject source, long firstRecord) throws IOException {
        if (firstRecord > 0) {
            throw new IOException("this quarantine cannot keep the pieces of " + source.uri() + " apart");
        }
        return open(source);
    }

    /** The rejected records of one object; thread-safe. */
    interface Sink extends AutoCloseable {

        void add(QuarantineEntry entry) throws IOException;

        /** How many entries were added. */
        long count();

        /**
         * Stores what was added (nothing when empty) and returns where, or null when empty.
         *
         * @throws IOException when it could not be stored: the caller must fail, not report success
         */
        String commit() throws IOException;

        @Override
        void close() throws IOException;
    }
}
