package io.scanpipeline.forwarder;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import io.scanpipeline.core.AwsClients;
import io.scanpipeline.core.StructuredLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The command line of {@link RedriveFailedBatches} ({@code bin/redrive-failed-batches}, or
 * {@code java -cp dynamo-stream-forwarder.jar io.scanpipeline.forwarder.RedriveFailedBatches}): where the on-failure
 * records are, read them all, then forward them in stream order. An operator runs it with their own credentials and
 * the forwarder's variables; it is not part of any function.
 */
@Command(
        name = "redrive-failed-batches",
        sortOptions = false,
        customSynopsis = "${COMMAND-FULL-NAME} [-h] (--bucket=BUCKET [--prefix=PREFIX] | --file=FILE)",
        description = {
            "Forwards again the DynamoDB stream batches the forwarder's mapping gave up on (after a "
                    + "Kinesis, KMS or IAM outage), from the records its S3 on-failure destination kept, in stream "
                    + "order; stops at the first batch that does not go through. Objects are never deleted: a second "
                    + "run sends duplicates with the same eventId, never a loss.",
            "Configuration: the forwarder's variables (STREAM_NAME or STREAM_ARN, ...), AWS_REGION and the "
                    + "operator's credentials.",
            ""
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every batch forwarded",
            "1:a batch did not go through (nothing after it was sent)",
            "2:invalid arguments or configuration, or an on-failure record it cannot read"
        })
public final class RedriveFailedBatchesCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;
    // plain options checked in call(): picocli's messages for nested argument groups name the groups, not the options
    @Option(
            names = "--bucket",
            paramLabel = "BUCKET",
            description = "the stream failure bucket (the stack's output " + "StreamFailureBucketName)")
    String bucket;

    @Option(
            names = "--prefix",
            paramLabel = "PREFIX",
            description = "key prefix of the records in --bucket " + "(default: aws/lambda/)")
    String prefix;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description = "instead of --bucket: a JSON-lines file of "
                    + "on-failure records (the local pipeline's forwarder-on-failure.jsonl)")
    Path file;

    private final Map<String, String> env;
    private final Function<Map<String, String>, ForwarderService> services;

    /**
     * @param env      the forwarder's variables
     * @param services builds the forwarder service from {@code env} ({@code ForwarderHandler::fromEnv}; tests
     *                 give a service on a fake Kinesis)
     */
    public RedriveFailedBatchesCommand(
            Map<String, String> env, Function<Map<String, String>, ForwarderService> services) {
        this.env = env;
        this.services = services;
    }

    @Override
    public Integer call() {
        if ((bucket == null) == (file == null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    bucket == null
                            ? "one of --bucket or --file is required"
                            : "--bucket and --file exclude each other");
        }
        if (prefix != null && bucket == null) {
            throw new ParameterException(spec.commandLine(), "--prefix goes with --bucket");
        }
        StructuredLog log = StructuredLog.forClass(RedriveFailedBatches.class);
        List<FailedBatch> batches;
        ForwarderService service;
        try {
            service = services.apply(env);
            batches = file != null ? RedriveFailedBatches.readLines(file) : readBucket();
        } catch (IOException | RuntimeException e) {
            // nothing was sent: bad configuration, or records this tool cannot read (the message names them)
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message(e));
            return Commands.USAGE;
        }
        RedriveFailedBatches.Result result = new RedriveFailedBatches(service, log).redrive(batches);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("batchesFound", batches.size());
        summary.put("batchesRedriven", result.batches());
        summary.put("recordsRedriven", result.records());
        summary.put("published", result.published());
        if (!result.complete()) {
            summary.put("failure", result.failure());
        }
        log.info("redrive_finished", summary);
        if (!result.complete()) {
            spec.commandLine()
                    .getErr()
                    .println(spec.qualifiedName() + ": stopped after " + result.batches() + " of " + batches.size()
                            + " batches: " + result.failure());
            return Commands.FAILED;
        }
        return Commands.OK;
    }

    private List<FailedBatch> readBucket() throws IOException {
        AwsClients aws = ForwarderHandler.awsClients(env);
        try (S3Client s3 = aws.build(S3Client.builder().forcePathStyle(aws.s3PathStyle()), AwsClients.Service.S3)) {
            return RedriveFailedBatches.readObjects(s3, bucket, prefix != null ? prefix : "aws/lambda/");
        }
    }

    private static String message(Exception e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        return e instanceof java.nio.file.NoSuchFileException ? "no such file: " + message : message;
    }
}
