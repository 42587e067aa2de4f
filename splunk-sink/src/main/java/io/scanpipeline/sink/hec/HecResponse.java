package io.scanpipeline.sink.hec;

import com.fasterxml.jackson.databind.JsonNode;
import io.scanpipeline.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A parsed HEC answer and what the sender must do about it, per the HEC status-code table.
 *
 * @param httpStatus         HTTP status
 * @param code               HEC {@code code}, or null when the body has none (e.g. a load balancer's 429)
 * @param text               HEC {@code text}, or the start of a non-JSON body
 * @param ackId              {@code ackId} of an accepted request with acks on, or null
 * @param invalidEventNumber {@code invalid-event-number}: index of the bad event in the request, or null
 */
record HecResponse(int httpStatus, Integer code, String text, Long ackId, Integer invalidEventNumber) {

    private static final int MAX_TEXT = 200;

    /** What to do with an answer. */
    enum Disposition {
        /** 200 code 0: accepted (wait for the ack when acks are on). */
        SUCCESS,
        /** 429, 5xx (codes 8, 9, 18-20, 23): keep the data and retry with backoff. */
        RETRY,
        /** 401, 403 or codes 1-4: stop, keep the data, alarm. */
        AUTH,
        /** 400 codes 6, 7, 12, 13, 15: one event is bad; dead-letter it, resend the others. */
        REJECT_EVENT,
        /** HTTP 413: the request is over the server's size limit (Splunk Cloud: about 1 MB); split it. */
        TOO_LARGE,
        /** Codes 5, 10, 11, 14, 16: a client or configuration error to surface. */
        CONFIGURATION,
        /** Anything else, including an unknown non-zero code: surfaced, never success. */
        UNEXPECTED
    }

    static HecResponse parse(int httpStatus, byte[] body) {
        try {
            JsonNode json = body.length == 0 ? null : Json.mapper().readTree(body);
            if (json != null && json.isObject()) {
                JsonNode code = json.get("code");
                JsonNode ackId = json.get("ackId");
                JsonNode invalid = json.get("invalid-event-number");
                return new HecResponse(
                        httpStatus,
                        code != null && code.canConvertToInt() ? code.asInt() : null,
                        json.hasNonNull("text") ? truncate(json.get("text").asText()) : "",
                        ackId != null && ackId.canConvertToLong() ? ackId.asLong() : null,
                        invalid != null && invalid.canConvertToInt() ? invalid.asInt() : null);
            }
        } catch (IOException notJson) {
            // a proxy or load balancer page: keep its start as the text
        }
        return new HecResponse(httpStatus, null, truncate(new String(body, StandardCharsets.UTF_8)), null, null);
    }

    Disposition disposition() {
        if (httpStatus == 200 && code != null && code == 0) {
            return Disposition.SUCCESS;
        }
        if (httpStatus == 401 || httpStatus == 403 || code != null && code >= 1 && code <= 4) {
            return Disposition.AUTH;
        }
        if (httpStatus == 429 || httpStatus >= 500) {
            return Disposition.RETRY;
        }
        if (httpStatus == 413) {
            return Disposition.TOO_LARGE;
        }
        if (code == null) {
            return Disposition.UNEXPECTED;
        }
        return switch (code) {
            case 6, 7, 12, 13, 15 -> httpStatus == 400 ? Disposition.REJECT_EVENT : Disposition.UNEXPECTED;
            case 5, 10, 11, 14, 16 -> Disposition.CONFIGURATION;
            default -> Disposition.UNEXPECTED;
        };
    }

    /** E.g. {@code HTTP 400 code 6 (Invalid data format)}; callers redact the token before showing it. */
    String describe() {
        StringBuilder text = new StringBuilder("HTTP ").append(httpStatus);
        if (code != null) {
            text.append(" code ").append(code);
        }
        if (!this.text.isEmpty()) {
            text.append(" (").append(this.text).append(')');
        }
        if (invalidEventNumber != null) {
            text.append(" invalid-event-number ").append(invalidEventNumber);
        }
        return text.toString();
    }

    private static String truncate(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ').strip();
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT) + "...";
    }
}
