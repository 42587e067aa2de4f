package io.scanpipeline.ingest;

import java.io.IOException;

/** Where records that cannot be stored go, with the reason, so that nothing is dropped silently. */
public interface Quarantine {

    /** Opens the quarantine of one source object. */
    Sink open(SourceObject source) throws IOException;

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
