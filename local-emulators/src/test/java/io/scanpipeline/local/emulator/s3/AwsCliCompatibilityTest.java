package io.scanpipeline.local.emulator.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code aws s3 cp} of a file above the CLI's 8 MB multipart threshold, up and down. Skipped when the AWS CLI is
 * not installed.
 */
class AwsCliCompatibilityTest {

    private static final long SIZE = 20L * 1024 * 1024 + 12345;

    @Test
    void awsS3CpUploadsWithMultipartAndDownloadsWithRanges(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(awsCliAvailable(dir), "aws CLI not installed");
        Path source = dir.resolve("scan results.bin");
        try (InputStream in = new S3TestSupport.GeneratedStream(7, SIZE);
                OutputStream out = Files.newOutputStream(source)) {
            in.transferTo(out);
        }
        try (LocalS3Server server = LocalS3Server.start(null);
                S3Client s3 = S3TestSupport.client(server)) {
            String endpoint = server.endpoint().toString();
            assertThat(aws(dir, endpoint, "s3", "mb", "s3://cli-bucket").exitCode)
                    .isZero();
            Result up = aws(dir, endpoint, "s3", "cp", source.toString(), "s3://cli-bucket/in/scan results+1.bin");
            assertThat(up.exitCode).as(up.output).isZero();

            var head = s3.headObject(b -> b.bucket("cli-bucket").key("in/scan results+1.bin"));
            assertThat(head.contentLength()).isEqualTo(SIZE);
            assertThat(head.eTag()).as("multipart ETag").matches("\"[0-9a-f]{32}-3\"");

            Result ls = aws(dir, endpoint, "s3", "ls", "s3://cli-bucket/in/");
            assertThat(ls.exitCode).as(ls.output).isZero();
            assertThat(ls.output).contains("scan results+1.bin").contains(Long.toString(SIZE));

            Path downloaded = dir.resolve("downloaded.bin");
            Result down =
                    aws(dir, endpoint, "s3", "cp", "s3://cli-bucket/in/scan results+1.bin", downloaded.toString());
            assertThat(down.exitCode).as(down.output).isZero();
            assertThat(S3TestSupport.sha256(Files.newInputStream(downloaded)))
                    .isEqualTo(S3TestSupport.sha256(Files.newInputStream(source)));
        }
    }

    private record Result(int exitCode, String output) {}

    private static boolean awsCliAvailable(Path dir) {
        try {
            return aws(dir, null, "--version").exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Result aws(Path dir, String endpoint, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("aws"));
        if (endpoint != null) {
            command.addAll(List.of("--endpoint-url", endpoint));
        }
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Process process = pb.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output + "\n(timed out)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(-1, output);
        }
        return new Result(process.exitValue(), output);
    }
}
