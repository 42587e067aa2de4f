package io.scanpipeline.sink.hec;

/**
 * HEC refused the sink's own index (code 7, "Incorrect index"): {@code HEC_INDEX} names an index that does not exist
 * or that the token may not write to (or, without {@code HEC_INDEX}, the token's default index is refused). Every
 * event would be refused alike, so this is a configuration error: stop, keep the data, alarm — never dead-letter.
 * An index chosen per event (routing) that is refused stays a per-event dead letter instead.
 */
public final class HecIndexException extends HecException {

    HecIndexException(String message, int httpStatus, Integer code) {
        super(message, httpStatus, code, null);
    }
}
