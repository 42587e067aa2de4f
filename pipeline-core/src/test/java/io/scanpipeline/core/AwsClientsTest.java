package io.scanpipeline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class AwsClientsTest {

    @Test
    void fromEnv_readsRegionAndEndpoint() {
        AwsClients clients =
                AwsClients.fromEnv(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
        assertThat(clients.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(clients.endpoint()).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void fromEnv_defaultsToUsEast1WithoutEndpoint() {
        AwsClients clients = AwsClients.fromEnv(Map.of());
        assertThat(clients.region()).isEqualTo(Region.US_EAST_1);
        assertThat(clients.endpoint()).isEmpty();
    }

    @Test
    void badEndpoint_namesTheVariable() {
        assertThatThrownBy(() -> AwsClients.fromEnv(Map.of("AWS_ENDPOINT_URL", "not a url")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AWS_ENDPOINT_URL ");
    }

    @Test
    void serviceSpecificEndpoint_winsOverTheGlobalOne() {
        AwsClients clients = AwsClients.fromEnv(
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1", "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:2"),
                AwsClients.Service.DYNAMODB,
                AwsClients.Service.S3);
        try (DynamoDbClient client = clients.build(DynamoDbClient.builder(), AwsClients.Service.DYNAMODB)) {
            assertThat(client.serviceClientConfiguration().endpointOverride())
                    .contains(URI.create("http://127.0.0.1:2"));
        }
        assertThat(clients.endpointFor(AwsClients.Service.S3)).contains(URI.create("http://127.0.0.1:1"));
    }

    @Test
    void s3PathStyle_followsAnOverriddenS3Endpoint_unlessSetExplicitly() {
        assertThat(AwsClients.fromEnv(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"), AwsClients.Service.S3)
                        .s3PathStyle())
                .isTrue();
        assertThat(AwsClients.fromEnv(Map.of(), AwsClients.Service.S3).s3PathStyle())
                .isFalse();
        assertThat(AwsClients.fromEnv(
                                Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9", "S3_FORCE_PATH_STYLE", "false"),
                                AwsClients.Service.S3)
                        .s3PathStyle())
                .isFalse();
        assertThatThrownBy(() -> AwsClients.fromEnv(Map.of("S3_FORCE_PATH_STYLE", "yes"), AwsClients.Service.S3))
                .isInstanceOf(ConfigException.class)
                .hasMessage("S3_FORCE_PATH_STYLE must be true or false, was 'yes'");
    }

    @Test
    void serviceOverrides_areReadOnlyForTheServicesTheProcessNames() {
        AwsClients clients =
                AwsClients.fromEnv(Map.of("AWS_ENDPOINT_URL_KINESIS", "http://127.0.0.1:3"), AwsClients.Service.S3);
        assertThat(clients.endpointFor(AwsClients.Service.KINESIS)).isEmpty();
    }
}
