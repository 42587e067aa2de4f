package io.scanpipeline.sink.hec;

import static io.scanpipeline.sink.hec.HecTestSupport.TOKEN;
import static io.scanpipeline.sink.hec.HecTestSupport.await;
import static io.scanpipeline.sink.hec.HecTestSupport.batch;
import static io.scanpipeline.sink.hec.HecTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.local.emulator.hec.HecReceiver;
import io.scanpipeline.local.emulator.hec.HecReceiverConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HecClientTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static HecReceiver receiver;

    @BeforeAll
    static void startWithASelfSignedCertificate() throws Exception {
        Path keyStore = dir.resolve("hec.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "hec",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(new String(process.getInputStream().readAllBytes()))
                .isZero();
        receiver = HecReceiver.start(HecReceiverConfig.builder()
                .token(TOKEN, false)
                .tls(new HecReceiverConfig.TlsIdentity(keyStore, PASSWORD))
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.close();
    }

    @Test
    void tlsIsVerifiedByDefault_soASelfSignedReceiverIsAConfigurationError() throws Exception {
        assertThat(receiver.endpoint().getScheme()).isEqualTo("https");
        try (HecClient client = HecClient.create(
                HecTestSupport.config(receiver.endpoint()), HecTestSupport.log(HecTestSupport.lines()))) {
            Throwable error = failure(client.send(batch(client, 0, 3)));
            assertThat(error).isInstanceOf(HecConfigurationException.class).hasMessageContaining("HEC_INSECURE_TLS");
            assertThat(client.metrics().eventsDelivered()).isZero();
        }
    }

    @Test
    void insecureTls_trustsTheSelfSignedReceiver_andSaysSo() throws Exception {
        List<String> lines = HecTestSupport.lines();
        try (HecClient client = HecClient.create(
                HecTestSupport.config(receiver.endpoint(), "HEC_INSECURE_TLS", "true"), HecTestSupport.log(lines))) {
            assertThat(await(client.send(batch(client, 0, 3))).status()).isEqualTo(HecDelivery.Status.DELIVERED);
            assertThat(lines).anyMatch(line -> line.contains("hec_insecure_tls"));
        }
    }
}
