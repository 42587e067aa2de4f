package io.scanpipeline.sink.hec;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Drives one batch to its outcome. The events still to deliver are kept as a queue of segments (lists of batch
 * indexes), sent one request at a time: a segment leaves the queue only when confirmed, or when Splunk names one of
 * its events as bad, in which case that event is dead-lettered and the rest of the segment goes back to the front.
 * Retryable failures keep the segment and resend it after a backoff; an ack that stays false resends it at once,
 * possibly on another channel or endpoint (a duplicate is acceptable, a loss is not).
 *
 * <p>Methods are synchronized: answers arrive on HTTP client threads and retries on the scheduler, but a batch has
 * at most one request outstanding, so the lock is never contended for long.
 */
final class BatchDelivery {

    private final HecBatch batch;
    private final DeliveryContext ctx;
    private final Deque<List<Integer>> segments = new ArrayDeque<>();
    private final List<HecDeadLetter> deadLetters = new ArrayList<>();
    private final CompletableFuture<HecDelivery> result = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private int consecutiveFailures;
    private int requests;

    BatchDelivery(HecBatch batch, DeliveryContext ctx) {
        this.batch = batch;
        this.ctx = ctx;
    }

    synchronized CompletableFuture<HecDelivery> start() {
        segments.add(IntStream.range(0, batch.size()).boxed().toList());
        sendNext();
        return result;
    }

    /** Fails the batch unless it is already resolved (the client is closing). */
    synchronized void abort(HecException failure) {
        result.completeExceptionally(failure);
    }

    private synchronized void sendNext() {
        if (result.isDone()) {
            return;
        }
        if (ctx.closed().getAsBoolean()) {
            result.completeExceptionally(new HecClosedException());
            return;
        }
        List<Integer> segment = segments.peekFirst();
        if (segment == null) {
            deadLetters.sort((a, b) -> Integer.compare(a.index(), b.index()));
            result.complete(new HecDelivery(batch, deadLetters, requests));
            return;
        }
        HecChannel channel = ctx.pool().next();
        byte[] body = HecEncoder.body(batch, segment, ctx.config().gzip());
        requests++;
        ctx.metrics().requestSent(segment.size());
        HecToken token = ctx.tokens().current();
        ctx.transport()
                .sendEvents(channel, body, token)
                .whenComplete((response, error) -> answered(channel, segment, token, response, error));
    }

    private synchronized void answered(
            HecChannel channel, List<Integer> segment, HecToken token, HecResponse response, Throwable error) {
        if (result.isDone()) {
            return;
        }
        if (error != null) {
            failedToReach(channel, unwrap(error));
            return;
        }
        String reason = ctx.tokens().redact(response.describe());
        switch (response.disposition()) {
            case SUCCESS -> accepted(channel, segment, response);
            case RETRY -> {
                ctx.pool().markUnhealthy(channel.endpoint(), reason);
                retryLater(channel, reason, response);
            }
            case AUTH -> {
                if (ctx.tokens().reloadAfterRefusal(token) != null) {
                    sendNext(); // the token was rotated: the same events again with the new one
                    return;
                }
                ctx.metrics().authFailed();
                fail(new HecAuthException(
                        "HEC refused the token at " + channel.endpoint() + ": " + reason,
                        response.httpStatus(),
                        response.code()));
            }
            case TOO_LARGE -> tooLarge(segment, response, reason);
            case REJECT_EVENT -> rejected(segment, response, reason);
            case CONFIGURATION ->
                fail(new HecConfigurationException(
                        "HEC client or configuration error at " + channel.endpoint() + ": " + reason,
                        response.httpStatus(),
                        response.code(),
                        null));
            default ->
                fail(new HecUnexpectedResponseException(
                        "unexpected HEC answer from " + channel.endpoint() + ": " + reason,
                        response.httpStatus(),
                        response.code()));
        }
    }

    private void accepted(HecChannel channel, List<Integer> segment, HecResponse response) {
        ctx.pool().markHealthy(channel.endpoint());
        consecutiveFailures = 0;
        if (!ctx.config().ack()) {
            delivered(segment);
            return;
        }
        if (response.ackId() == null) {
            // confirming without an ack would claim indexing nobody promised
            fail(new HecConfigurationException(
                    "HEC_ACK is true but " + channel.endpoint() + " answered without an "
                            + "ackId: turn indexer acknowledgement on for the token, or set HEC_ACK=false",
                    200,
                    0,
                    null));
            return;
        }
        long ackId = response.ackId();
        ctx.acks()
                .await(channel, ackId)
                .whenComplete((indexed, error) -> acked(channel, ackId, segment, indexed, error));
    }

    private synchronized void acked(
            HecChannel channel, long ackId, List<Integer> segment, Boolean indexed, Throwable error) {
        if (result.isDone()) {
            return;
        }
        if (error != null) {
            Throwable cause = unwrap(error);
            if (cause instanceof HecAuthException) {
                ctx.metrics().authFailed();
            }
            fail(
                    cause instanceof HecException hec
                            ? hec
                            : new HecUnexpectedResponseException("ack wait failed: " + cause, 0, null));
            return;
        }
        if (indexed) {
            delivered(segment);
            return;
        }
        ctx.metrics().ackTimedOut();
        ctx.log()
                .warn(
                        "hec_ack_timeout",
                        fields("channel", channel.toString(), "ackId", ackId, "events", segment.size()));
        if (retryBudgetLeft()) {
            sendNext();
        } else {
            fail(new HecRetryExhaustedException(
                    "ack for batch " + batch.id() + " still false after " + "HEC_RETRY_DURATION", 200, 0));
        }
    }

    private void delivered(List<Integer> segment) {
        segments.pollFirst();
        ctx.metrics().delivered(segment.size());
        sendNext();
    }

    private void tooLarge(List<Integer> segment, HecResponse response, String reason) {
        segments.pollFirst();
        if (segment.size() == 1) {
            // one event over the server's request limit can never be accepted: keep it as a dead letter
            deadLetter(segment.get(0), response, reason + " (one event over the HEC request size limit)");
        } else {
            ctx.metrics().splitTooLarge();
            int half = segment.size() / 2;
            segments.addFirst(List.copyOf(segment.subList(half, segment.size())));
            segments.addFirst(List.copyOf(segment.subList(0, half)));
            ctx.log()
                    .warn(
                            "hec_request_too_large",
                            fields(
                                    "batch",
                                    batch.id(),
                                    "events",
                                    segment.size(),
                                    "reason",
                                    reason,
                                    "message",
                                    "split in halves; lower HEC_BATCH_MAX_BYTES below the server's "
                                            + "request limit (Splunk Cloud: about 1 MB)"));
        }
        sendNext();
    }

    private void rejected(List<Integer> segment, HecResponse response, String reason) {
        Integer bad = response.invalidEventNumber();
        boolean numbered = bad != null && bad >= 0 && bad < segment.size();
        if (Integer.valueOf(7).equals(response.code())
                && (numbered || segment.size() == 1)
                && usesConfiguredIndex(segment.get(numbered ? bad : 0))) {
            // the sink's own index is refused: every event would be; stop and keep them all (nothing dead-lettered)
            ctx.metrics().indexRefused();
            String own = batch.kind() == HecConfig.EndpointKind.RAW
                    ? null
                    : batch.events().get(segment.get(numbered ? bad : 0)).index();
            String index = own != null && !own.equals(ctx.config().index())
                    ? "the routed index '" + own + "' (HEC_ROUTES)"
                    : ctx.config().index() == null
                            ? "the token's default index"
                            : "HEC_INDEX '" + ctx.config().index() + "'";
            fail(new HecIndexException(
                    "HEC refused " + index + " for " + described(segment) + ": " + reason + "; fix "
                            + "HEC_INDEX, HEC_ROUTES or the token's allowed indexes — events are kept and sent again, not "
                            + "dead-lettered",
                    response.httpStatus(),
                    response.code()));
            return;
        }
        segments.pollFirst();
        if (numbered) {
            deadLetter(segment.get(bad), response, reason);
            // Splunk stored nothing of a rejected request: the events before and after the bad one go again,
            // together, as the next request
            List<Integer> rest = new ArrayList<>(segment.subList(0, bad));
            rest.addAll(segment.subList(bad + 1, segment.size()));
            if (!rest.isEmpty()) {
                segments.addFirst(List.copyOf(rest));
            }
        } else if (segment.size() == 1) {
            deadLetter(segment.get(0), response, reason);
        } else {
            // no usable event number: send each event alone so that only the culprit is dead-lettered
            for (int i = segment.size() - 1; i >= 0; i--) {
                segments.addFirst(List.of(segment.get(i)));
            }
        }
        sendNext();
    }

    /** Whether the event goes to an index the sink's configuration chose (HEC_INDEX, HEC_ROUTES) rather than one it names itself. */
    private boolean usesConfiguredIndex(int index) {
        if (batch.kind() == HecConfig.EndpointKind.RAW) {
            return true;
        }
        return ctx.config().isConfiguredIndex(batch.events().get(index).index());
    }

    private String described(List<Integer> segment) {
        return "batch " + batch.id() + " (" + segment.size() + " events)";
    }

    private void deadLetter(int index, HecResponse response, String reason) {
        deadLetters.add(
                new HecDeadLetter(index, batch.events().get(index), response.httpStatus(), response.code(), reason));
        ctx.metrics().deadLettered();
        ctx.log().warn("hec_dead_letter", fields("batch", batch.id(), "index", index, "reason", reason));
    }

    private void failedToReach(HecChannel channel, Throwable error) {
        String reason = ctx.tokens().redact(error.getClass().getSimpleName() + ": " + error.getMessage());
        if (isUntrustedCertificate(error)) {
            fail(new HecConfigurationException(
                    "TLS certificate of " + channel.endpoint() + " is not trusted (set "
                            + "HEC_INSECURE_TLS=true only for a local self-signed receiver): " + reason,
                    0,
                    null,
                    null));
        } else if (error instanceof IOException) {
            ctx.pool().markUnhealthy(channel.endpoint(), reason);
            retryLater(channel, reason, null);
        } else {
            fail(new HecUnexpectedResponseException(
                    "sending to " + channel.endpoint() + " failed: " + reason, 0, null));
        }
    }

    private void retryLater(HecChannel channel, String reason, HecResponse response) {
        consecutiveFailures++;
        if (!retryBudgetLeft()) {
            fail(new HecRetryExhaustedException(
                    "batch " + batch.id() + " not delivered within HEC_RETRY_DURATION; " + "last error: " + reason,
                    response == null ? 0 : response.httpStatus(),
                    response == null ? null : response.code()));
            return;
        }
        ctx.metrics().retried();
        long delayMillis = ctx.backoff().delay(consecutiveFailures).toMillis();
        ctx.log()
                .warn(
                        "hec_retry",
                        fields(
                                "batch",
                                batch.id(),
                                "endpoint",
                                channel.endpoint().toString(),
                                "reason",
                                reason,
                                "attempt",
                                consecutiveFailures,
                                "delayMs",
                                delayMillis));
        try {
            ctx.scheduler().schedule(this::sendNext, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            result.completeExceptionally(new HecClosedException());
        }
    }

    private boolean retryBudgetLeft() {
        // compared as Durations: HEC_RETRY_DURATION=forever does not fit in nanoseconds
        return Duration.ofNanos(System.nanoTime() - startedNanos)
                        .compareTo(ctx.config().retryDuration())
                < 0;
    }

    private void fail(HecException failure) {
        if (result.isDone()) {
            return;
        }
        // logged first: whoever waits on the result may read the log as soon as it completes
        ctx.log()
                .error(
                        "hec_batch_failed",
                        fields(
                                "batch",
                                batch.id(),
                                "kind",
                                failure.getClass().getSimpleName(),
                                "message",
                                failure.getMessage()));
        result.completeExceptionally(failure);
    }

    private static boolean isUntrustedCertificate(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
