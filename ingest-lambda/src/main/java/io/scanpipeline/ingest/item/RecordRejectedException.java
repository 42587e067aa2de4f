package io.scanpipeline.ingest.item;

import io.scanpipeline.ingest.quarantine.RejectReason;

/**
 * A record that cannot become an item; permanent, so it goes to the quarantine with the reason and field and the
 * rest of the file goes on.
 */
public final class RecordRejectedException extends RuntimeException {

    private final RejectReason reason;
    private final String field;

    public RecordRejectedException(RejectReason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field;
    }

    public RejectReason reason() {
        return reason;
    }

    /** The field at fault (dotted path), or "" when the record as a whole is at fault. */
    public String field() {
        return field;
    }
}
