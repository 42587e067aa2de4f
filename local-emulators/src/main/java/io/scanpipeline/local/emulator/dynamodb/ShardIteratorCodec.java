package io.scanpipeline.local.emulator.dynamodb;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Encodes and decodes shard iterators. An iterator is opaque to callers; it carries the stream ARN, the shard id,
 * the position (the sequence number after which reading continues) and when it was issued, because DynamoDB
 * Streams iterators expire 15 minutes after they were handed out.
 *
 * <p>Format: {@code <stream arn>|1|<base64url(shardId|afterSequence|issuedAtMillis)>}; the readable ARN prefix
 * mirrors the real service's iterators and helps when reading logs.
 */
final class ShardIteratorCodec {

    /** How long an iterator stays valid after it was issued. */
    static final Duration LIFETIME = Duration.ofMinutes(15);

    private static final String VERSION = "1";

    private ShardIteratorCodec() {}

    /** A decoded iterator. */
    record Position(String streamArn, String shardId, long afterSequence, long issuedMillis) {}

    static String encode(Position position) {
        String payload = position.shardId() + "|" + position.afterSequence() + "|" + position.issuedMillis();
        return position.streamArn() + "|" + VERSION + "|"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes and checks the age of an iterator.
     *
     * @throws AwsJsonError ValidationException for anything that is not an iterator of this emulator,
     *                      ExpiredIteratorException for one older than {@link #LIFETIME}
     */
    static Position decode(String iterator, long nowMillis) {
        if (iterator == null || iterator.isEmpty() || iterator.length() > 2048) {
            throw invalid();
        }
        String[] parts = iterator.split("\\|", -1);
        if (parts.length != 3 || !VERSION.equals(parts[1]) || !parts[0].startsWith("arn:")) {
            throw invalid();
        }
        String[] fields;
        try {
            fields = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8).split("\\|", -1);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (fields.length != 3 || fields[0].isEmpty()) {
            throw invalid();
        }
        Position position;
        try {
            position = new Position(parts[0], fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]));
        } catch (NumberFormatException e) {
            throw invalid();
        }
        if (nowMillis - position.issuedMillis() > LIFETIME.toMillis()) {
            throw AwsJsonError.expiredIterator("Iterator expired. The iterator was created at time "
                    + java.time.Instant.ofEpochMilli(position.issuedMillis()) + " while right now it is "
                    + java.time.Instant.ofEpochMilli(nowMillis) + ". The iterator is only valid for 15 minutes.");
        }
        return position;
    }

    private static AwsJsonError invalid() {
        return AwsJsonError.validation("Invalid ShardIterator");
    }
}
