package io.scanpipeline.ingest.reingest;

import io.scanpipeline.cli.Commands;
import io.scanpipeline.cli.HelpOption;
import io.scanpipeline.core.AwsClients;
import io.scanpipeline.core.StructuredLog;
import io.scanpipeline.ingest.IngestConfig;
import io.scanpipeline.ingest.IngestService;
import io.scanpipeline.ingest.RuleDocuments;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.ingest.write.UnchangedItemFilter;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bin/reingest}: runs the ingest again, outside Lambda, with the ingest function's environment (the same
 * variables, rules from {@code INGEST_RULES} or {@code INGEST_RULES_S3_URI}).
 *
 * <ul>
 *   <li>{@code --bucket B [--prefix P]}: the current version of every object under P goes through the
 *       {@link IngestService} the Lambda uses ({@link PrefixReingest}).</li>
 *   <li>{@code --bucket B --quarantine [--prefix P]}: the quarantined records of the sources under P are built
 *       again with today's rules; those that fail again stay with their new reason ({@link QuarantineReingest}).</li>
 * </ul>
 * Both are idempotent: items already stored exactly as built are not written ({@code unchanged}), so a second run
 * reports {@code changed=0} and adds no stream record. One progress line per object on stdout, then the counts.
 * Exit 0 when every object went through, 1 when some failed for a passing reason (run again), 2 for a usage or
 * configuration error.
 */
@Command(
        name = "reingest",
        sortOptions = false,
        description = {
            "Re-runs the ingest over an S3 prefix, or over the quarantine after a rule was fixed.",
            "Configuration: the ingest function's environment variables (TABLE_NAME, INGEST_RULES or "
                    + "INGEST_RULES_S3_URI, QUARANTINE_*, AWS_REGION, AWS_ENDPOINT_URL*).",
            ""
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every object went through",
            "1:some objects failed for a passing reason (run again)",
            "2:invalid arguments or configuration"
        })
public final class Reingest implements Callable<Integer>, CommandLine.IExitCodeExceptionMapper {

    @Mixin
    HelpOption help;

    @Option(names = "--bucket", required = true, paramLabel = "NAME", description = "the scan bucket")
    String bucket;

    @Option(
            names = "--prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description = "only objects (or, with --quarantine, the quarantine of sources) under this key prefix")
    String prefix;

    @Option(names = "--quarantine", description = "re-ingest the quarantined records instead of the objects")
    boolean quarantine;

    private final Map<String, String> env;
    private final PrintWriter out;

    Reingest(Map<String, String> env, PrintWriter out) {
        this.env = env;
        this.out = out;
    }

    /** {@code bin/reingest}: the process environment, standard output and error; exits with the command's code. */
    public static void main(String[] args) {
        Commands.exit(new Reingest(System.getenv(), new PrintWriter(System.out, true)), args);
    }

    /** Runs the command with the conventions of {@link Commands}; returns the exit code. */
    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return Commands.run(new Reingest(env, out), out, err, args);
    }

    /**
     * A configuration error ({@code ConfigException} names the variable) is not worth a retry: {@link Commands#USAGE};
     * S3 or DynamoDB failing is: {@link Commands#FAILED}.
     */
    @Override
    public int getExitCode(Throwable exception) {
        return exception instanceof IllegalArgumentException ? Commands.USAGE : Commands.FAILED;
    }

    @Override
    public Integer call() throws InterruptedException {
        AwsClients aws = AwsClients.fromEnv(env, AwsClients.Service.S3, AwsClients.Service.DYNAMODB);
        try (S3Client s3 = aws.build(S3Client.builder().forcePathStyle(aws.s3PathStyle()), AwsClients.Service.S3);
                DynamoDbClient dynamo = aws.build(DynamoDbClient.builder(), AwsClients.Service.DYNAMODB)) {
            IngestConfig config = IngestConfig.fromEnv(env, RuleDocuments.s3(s3));
            ReingestCounts counts = run(config, s3, dynamo, bucket, prefix, quarantine, out::println);
            out.println((quarantine ? "reingest quarantine" : "reingest") + " s3://" + bucket + "/" + prefix + ": "
                    + counts.describe() + (counts.changed() == 0 && counts.failed() == 0 ? " (no item changed)" : ""));
            return counts.failed() > 0 ? Commands.FAILED : Commands.OK;
        }
    }

    /**
     * The command without the command line: re-ingests {@code prefix} of {@code bucket} (or its quarantine) and
     * returns the counts; progress goes to {@code progress}.
     */
    public static ReingestCounts run(
            IngestConfig config,
            S3Client s3,
            DynamoDbClient dynamo,
            String bucket,
            String prefix,
            boolean quarantine,
            Consumer<String> progress)
            throws InterruptedException {
        UnchangedItemFilter filter = new UnchangedItemFilter(dynamo);
        if (quarantine) {
            return new QuarantineReingest(config, s3, filter, progress).run(bucket, prefix);
        }
        IngestService service = new IngestService(
                config,
                s3,
                filter.client(),
                S3Quarantine.replacing(s3, config.quarantineBucket(), config.quarantinePrefix()),
                StructuredLog.to(Reingest.class.getName(), System.err::println)); // stdout is the progress
        return new PrefixReingest(service, s3, filter, progress).run(bucket, prefix);
    }
}
