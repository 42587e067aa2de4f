package io.scanpipeline.local.emulator.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ShardIteratorCodecTest {

    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024-01-01T00:00:00.000";
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void roundTripsAPosition() {
        ShardIteratorCodec.Position position =
                new ShardIteratorCodec.Position(ARN, "shardId-00000001700000000000-0a1b2c3d", 41, NOW);
        String iterator = ShardIteratorCodec.encode(position);

        assertThat(iterator).startsWith(ARN + "|1|");
        assertThat(ShardIteratorCodec.decode(iterator, NOW + 1000)).isEqualTo(position);
    }

    @Test
    void expiresAfterFifteenMinutes() {
        String iterator = ShardIteratorCodec.encode(new ShardIteratorCodec.Position(ARN, "shard", 0, NOW));

        assertThat(ShardIteratorCodec.decode(iterator, NOW + ShardIteratorCodec.LIFETIME.toMillis())
                        .afterSequence())
                .isZero();
        assertThatThrownBy(() -> ShardIteratorCodec.decode(iterator, NOW + ShardIteratorCodec.LIFETIME.toMillis() + 1))
                .isInstanceOfSatisfying(
                        AwsJsonError.class, e -> assertThat(e.code()).isEqualTo("ExpiredIteratorException"));
    }

    @Test
    void rejectsWhatIsNotAnIterator() {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("shard|x|1".getBytes());
        for (String bad : new String[] {
            "", "garbage", ARN + "|2|abc", ARN + "|1|***", ARN + "|1|" + payload, "no-arn|1|" + payload
        }) {
            assertThatThrownBy(() -> ShardIteratorCodec.decode(bad, NOW))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            AwsJsonError.class, e -> assertThat(e.code()).isEqualTo("ValidationException"));
        }
    }
}
