package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scanpipeline.core.ChangeEnvelope;
import io.scanpipeline.forwarder.ForwarderHandler;
import io.scanpipeline.forwarder.QuarantineEntry;
import io.scanpipeline.ingest.IngestHandler;
import io.scanpipeline.ingest.SourceObject;
import io.scanpipeline.ingest.quarantine.S3Quarantine;
import io.scanpipeline.sink.hec.HecClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Each role allows what its code does, on the resources the code touches, and nothing more.
 *
 * <p>"What the code does" is read from the bytecode ({@link SdkCalls}): every SDK operation becomes IAM actions
 * ({@link IamActions}), each checked on a concrete ARN built the way the code builds it (the quarantine key comes
 * from the code's own quarantine class). Grants the code cannot show — made by Lambda, ECS, S3's KMS integration
 * or the KCL on the code's behalf — are listed per role with their reason and checked on their resources too. Any
 * other grant fails.
 */
class LeastPrivilegeTest {

    private final Template template = Template.load();
    private final Intrinsics cfn = template.intrinsics();

    private final String bucket = cfn.text(Map.of("Ref", "ScanBucket"));
    private final String bucketArn = "arn:aws:s3:::" + bucket;
    private final String keyArn = cfn.text(Map.of("Fn::GetAtt", List.of("DataKey", "Arn")));
    private final String streamArn = cfn.text(Map.of("Fn::GetAtt", List.of("ChangeStream", "Arn")));

    @Test
    void scanner_findsTheOperationsTheFunctionsAreKnownToCall() {
        // guards the scanner itself: these calls are in the code today
        assertThat(SdkCalls.of(IngestHandler.class, ChangeEnvelope.class).operations())
                .extracting(SdkCalls.Operation::toString)
                .contains("s3.getObject", "s3.headObject", "s3.putObject", "dynamodb.batchWriteItem");
        assertThat(SdkCalls.of(ForwarderHandler.class, ChangeEnvelope.class).operations())
                .extracting(SdkCalls.Operation::toString)
                .contains("kinesis.putRecords", "s3.putObject");
    }

    @Test
    void ingestRole_allowsTheIngestCodeAndNothingElse() {
        Map<String, String> env = Deployment.functionEnvironment(template, Deployment.INGEST);
        IamPolicy policy = functionRole(Deployment.INGEST);
        SdkCalls calls = SdkCalls.ofFunction(IngestHandler.class, ChangeEnvelope.class);
        String table = env.get("TABLE_NAME");
        String tableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/" + table;
        SourceObject scan = new SourceObject(bucket, "trivy/scan.json", Optional.of("3HL4kqtJ"), Optional.empty(), 10);
        // the code's own quarantine key for that object
        String quarantineKey = new S3Quarantine(
                        null, Optional.ofNullable(env.get("QUARANTINE_BUCKET")), env.get("QUARANTINE_PREFIX"))
                .keyFor(scan);
        String quarantineBucket = env.getOrDefault("QUARANTINE_BUCKET", bucket);

        String scopeTableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/" + env.get("SCOPE_TABLE");
        Map<String, String> targets = Map.of(
                "s3:getobject", bucketArn + "/trivy/scan.json",
                "s3:getobjectversion", bucketArn + "/trivy/scan.json",
                "s3:putobject", "arn:aws:s3:::" + quarantineBucket + "/" + quarantineKey,
                "dynamodb:batchwriteitem", tableArn,
                // snapshot scopes: conditional puts and deletes, the scope index, the heads table
                "dynamodb:putitem", tableArn,
                "dynamodb:deleteitem", tableArn,
                "dynamodb:query", tableArn + "/index/" + io.scanpipeline.ingest.snapshot.SnapshotScope.INDEX,
                "dynamodb:updateitem", scopeTableArn,
                "dynamodb:getitem", scopeTableArn);
        assertThat(calls.iamActions())
                .as("the ingest reads the event's version by id")
                .contains("s3:GetObjectVersion");

        Map<String, String> platform = new LinkedHashMap<>();
        platform.put("s3:listbucket", bucketArn); // HeadObject/GetObject answer 404, not 403, for a missing key
        platform.put("kms:decrypt", keyArn); // SSE-KMS objects are decrypted on GetObject
        platform.put("kms:generatedatakey", keyArn); // the quarantine PutObject encrypts with the bucket key
        platform.putAll(logs(Deployment.INGEST));
        platform.put("sqs:sendmessage", asyncFailureDestination());

        assertExactly(policy, calls.iamActions(), targets, platform);

        // the grants stop at the resources the code uses
        assertThat(policy.allows("s3:PutObject", bucketArn + "/trivy/scan.json"))
                .as("overwrite scan files")
                .isFalse();
        assertThat(policy.allows("s3:GetObject", "arn:aws:s3:::other-bucket/x.json"))
                .isFalse();
        assertThat(policy.allows("dynamodb:BatchWriteItem", tableArn + "-other"))
                .isFalse();
        assertThat(policy.allows("dynamodb:DeleteItem", scopeTableArn))
                .as("heads only move forward")
                .isFalse();
        assertThat(policy.allows("dynamodb:Query", tableArn))
                .as("only the scope index is paged")
                .isFalse();
        assertKmsOnlyVia(policy, "s3");
    }

    @Test
    void forwarderRole_allowsTheForwarderCodeAndItsStreamMappingAndNothingElse() {
        Map<String, String> env = Deployment.functionEnvironment(template, Deployment.FORWARDER);
        IamPolicy policy = functionRole(Deployment.FORWARDER);
        SdkCalls calls = SdkCalls.ofFunction(ForwarderHandler.class, ChangeEnvelope.class);
        // the code's own quarantine key (the store is never written here)
        String quarantineKey = new io.scanpipeline.forwarder.S3Quarantine(
                        new UnusedStore(), env.get("QUARANTINE_PREFIX"), Clock.systemUTC())
                .key(new QuarantineEntry("Employees", "4421584500000000017450439091", "e1", "too large", null));

        Map<String, String> targets = Map.of(
                "kinesis:putrecords", "arn:aws:kinesis:us-east-1:123456789012:stream/" + env.get("STREAM_NAME"),
                "s3:putobject", "arn:aws:s3:::" + env.get("QUARANTINE_BUCKET") + "/" + quarantineKey);
        assertThat(targets.get("kinesis:putrecords")).isEqualTo(streamArn);

        Map<String, Object> mapping = template.resolvedProperties("ForwarderStreamMapping");
        String tableStream = (String) mapping.get("EventSourceArn");
        Map<String, String> platform = new LinkedHashMap<>();
        // the event source mapping reads the table's stream with the function's role
        for (String action : List.of(
                "dynamodb:describestream",
                "dynamodb:getrecords",
                "dynamodb:getsharditerator",
                "dynamodb:liststreams")) {
            platform.put(action, tableStream);
        }
        // the mapping's S3 on-failure destination is written with the function's role, under aws/lambda/<uuid>/
        String failureBucket = (String)
                Template.map(Template.map(mapping.get("DestinationConfig")).get("OnFailure"))
                        .get("Destination");
        platform.put(
                "s3:putobject",
                failureBucket + "/aws/lambda/0f7e3c2a-1111-2222-3333-444455556666/shardId-1/"
                        + "2026/11/25/12/batch.json");
        platform.put("s3:listbucket", failureBucket);
        platform.put("kms:generatedatakey", keyArn); // PutRecords to an SSE-KMS stream, PutObject to an SSE-KMS bucket
        platform.putAll(logs(Deployment.FORWARDER));

        assertExactly(policy, calls.iamActions(), targets, platform);

        assertThat(policy.allows("s3:PutObject", bucketArn + "/quarantine/trivy/scan.json/v.ndjson"))
                .as("the ingest's quarantine is not the forwarder's")
                .isFalse();
        assertThat(policy.allows("s3:PutObject", bucketArn + "/trivy/scan.json"))
                .isFalse();
        assertThat(policy.allows("kinesis:PutRecords", streamArn + "-other")).isFalse();
        assertThat(policy.allows("s3:PutObject", failureBucket + "/redriven/x.json"))
                .as("only where Lambda writes failed batches")
                .isFalse();
        assertKmsOnlyVia(policy, "kinesis", "s3");
    }

    @Test
    void sinkTaskRole_allowsTheKclTheHecClientAndTheDeadLettersAndNothingElse() {
        Map<String, String> env = Deployment.sinkEnvironment(template);
        IamPolicy policy = IamPolicy.ofRole(
                template,
                Template.referencedId(template.properties(Deployment.SINK_TASK).get("TaskRoleArn")));
        // the sink's own classes (HEC transport; SinkApp once it lands) and the pipeline modules it uses
        SdkCalls calls = SdkCalls.of(HecClient.class, ChangeEnvelope.class);
        String app = env.get("APPLICATION_NAME");
        String tablePrefix = "arn:aws:dynamodb:us-east-1:123456789012:table/";
        String secret = Template.REQUIRED_PARAMETERS.get("HecTokenSecretArn");

        Map<String, String> targets = new LinkedHashMap<>(Map.of(
                "s3:putobject",
                bucketArn + "/" + env.get("DEAD_LETTER_PREFIX") + "2026/11/25/event.json",
                "secretsmanager:getsecretvalue",
                env.get("HEC_TOKEN_SECRET_ARN"),
                "cloudwatch:putmetricdata",
                "*",
                "kinesis:getrecords",
                streamArn));
        // LeaseTable creates (and describes) the KCL lease table itself where LEASE_TABLE_PRECREATE is set
        targets.put("dynamodb:createtable", tablePrefix + app);
        targets.put("dynamodb:describetable", tablePrefix + app);
        // ReplayCommand deletes its own lease table (<app>-replay-<time>) when it is done
        targets.put("dynamodb:deletetable", tablePrefix + app + "-replay-20261125-120000");
        // LeaseTable reads the leases back; the replay lists the shards; RedriveDeadLetters reads dead letters
        targets.put("dynamodb:scan", tablePrefix + app);
        targets.put("kinesis:listshards", streamArn);
        targets.put("s3:getobject", bucketArn + "/" + env.get("DEAD_LETTER_PREFIX") + "2026/11/25/event.json");
        targets.put("s3:listbucket", bucketArn);
        assertThat(env.get("HEC_TOKEN_SECRET_ARN")).isEqualTo(secret);

        Map<String, String> kcl = new LinkedHashMap<>();
        for (String action : List.of(
                "describestream",
                "describestreamsummary",
                "listshards",
                "getsharditerator",
                "getrecords",
                "registerstreamconsumer")) {
            kcl.put("kinesis:" + action, streamArn);
        }
        kcl.put("kinesis:describestreamconsumer", streamArn + "/consumer/" + app + ":1700000000");
        kcl.put("kinesis:subscribetoshard", streamArn + "/consumer/" + app + ":1700000000");
        kcl.put("kms:decrypt", keyArn);
        for (String action : List.of(
                "createtable",
                "describetable",
                "updatetable",
                "scan",
                "getitem",
                "putitem",
                "updateitem",
                "deleteitem")) {
            kcl.put("dynamodb:" + action, tablePrefix + app);
        }
        kcl.put("dynamodb:query", tablePrefix + app + "/index/LeaseOwnerToLeaseKeyIndex");
        kcl.put("cloudwatch:putmetricdata", "*");
        // the dead letters (S3 PutObject to an SSE-KMS bucket) and the token (HEC_TOKEN_SECRET_ARN), which the sink
        // writes and reads itself; their calls are not in this build's sink classes yet
        kcl.put("s3:putobject", targets.get("s3:putobject"));
        kcl.put("kms:generatedatakey", keyArn);
        kcl.put("secretsmanager:getsecretvalue", secret);

        assertExactly(policy, calls.iamActions(), targets, kcl);
        // KCL 3.5.1 keeps coordinator state and worker metrics in the lease table; it only describes the tables
        // KCL 3.0-3.4 kept them in (LegacyTable*DAODelegate.initialize: anything but ResourceNotFound fails start-up)
        for (String table : List.of(app + "-CoordinatorState", app + "-WorkerMetricStats")) {
            assertThat(policy.allows("dynamodb:DescribeTable", tablePrefix + table))
                    .as("DescribeTable on " + table)
                    .isTrue();
            for (String action : List.of(
                    "dynamodb:CreateTable",
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:Scan")) {
                assertThat(policy.allows(action, tablePrefix + table))
                        .as(action + " on " + table)
                        .isFalse();
            }
        }
        assertThat(policy.allows("dynamodb:PutItem", tablePrefix + app + "-other"))
                .as("a table merely named like it")
                .isFalse();
        assertThat(policy.allows("dynamodb:PutItem", tablePrefix + app + "-replay-20261125-120000"))
                .as("the replay's lease table")
                .isTrue();
        assertThat(policy.allows("dynamodb:PutItem", tablePrefix + env.get("STREAM_NAME")))
                .isFalse();
        assertThat(policy.allows("dynamodb:DeleteTable", tablePrefix + app))
                .as("the service's own lease table")
                .isFalse();
        assertThat(policy.allows("s3:PutObject", bucketArn + "/trivy/scan.json"))
                .isFalse();
        assertKmsOnlyVia(policy, "kinesis", "s3");

        IamPolicy.Statement metrics =
                policy.statementsFor("cloudwatch:PutMetricData").get(0);
        assertThat(metrics.condition())
                .as("PutMetricData has no resource ARN; the namespace narrows it")
                .containsKey("StringEquals");
        assertThat(Template.list(
                        Template.map(metrics.condition().get("StringEquals")).get("cloudwatch:namespace")))
                .containsExactlyInAnyOrder(app, "ScanPipeline/Sink");
    }

    @Test
    void sinkExecutionRole_pullsTheImageAndWritesLogs_butNeverReadsTheToken() {
        IamPolicy policy = IamPolicy.ofRole(
                template,
                Template.referencedId(template.properties(Deployment.SINK_TASK).get("ExecutionRoleArn")));
        String repository =
                cfn.text(Map.of("Fn::Sub", "arn:aws:ecr:us-east-1:123456789012:repository/${SinkEcrRepositoryName}"));
        Map<String, String> needed = new LinkedHashMap<>();
        needed.put("ecr:getauthorizationtoken", "*");
        for (String action : List.of("batchchecklayeravailability", "getdownloadurlforlayer", "batchgetimage")) {
            needed.put("ecr:" + action, repository);
        }
        needed.put("logs:createlogstream", logGroupArn("SinkLogGroup") + ":log-stream:sink/splunk-sink/abc");
        needed.put("logs:putlogevents", logGroupArn("SinkLogGroup") + ":log-stream:sink/splunk-sink/abc");
        assertExactly(policy, Set.of(), Map.of(), needed);
        // the sink reads the token itself with its task role (at start and after a rotation); nothing is injected
        assertThat(policy.allows(
                        "secretsmanager:GetSecretValue", Template.REQUIRED_PARAMETERS.get("HecTokenSecretArn")))
                .isFalse();
        assertThat(policy.allows("ecr:BatchGetImage", repository + "-other")).isFalse();
    }

    @Test
    void noRoleGrantsDataActionsOnEveryResource() {
        Set<String> allowedOnStar = Set.of("cloudwatch:putmetricdata", "ecr:getauthorizationtoken");
        for (String role : template.resourcesOfType("AWS::IAM::Role")) {
            for (IamPolicy.Statement statement :
                    IamPolicy.ofRole(template, role).statements()) {
                if (statement.resources().contains("*")) {
                    assertThat(statement.actions())
                            .as(role + " " + statement.sid() + " on *")
                            .allMatch(a -> allowedOnStar.contains(IamActions.lower(a)));
                }
                assertThat(statement.actions())
                        .as(role + " " + statement.sid())
                        .noneMatch(a -> a.endsWith(":*") || a.equals("*"));
            }
        }
    }

    @Test
    void eachFunctionHasItsOwnRoleAndNoSamPolicies() {
        Set<String> roles = new TreeSet<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> properties = template.properties(function);
            assertThat(properties)
                    .as(function + ": explicit role, no SAM policy templates")
                    .containsKey("Role")
                    .doesNotContainKey("Policies");
            assertThat(roles.add(Template.referencedId(properties.get("Role"))))
                    .as(function + "'s role is shared")
                    .isTrue();
        }
        assertThat(roles).hasSize(2);
    }

    /**
     * The policy allows each code action on its target, each platform action on its resource, and names no other
     * action.
     */
    private static void assertExactly(
            IamPolicy policy, Set<String> codeActions, Map<String, String> targets, Map<String, String> platform) {
        Set<String> expected = new TreeSet<>();
        for (String action : codeActions) {
            String lower = IamActions.lower(action);
            String target = targets.get(lower);
            assertThat(target)
                    .as("the code calls " + action + ": say in the test where it sends it")
                    .isNotNull();
            assertThat(policy.allows(action, target))
                    .as(policy.roleId() + " must allow " + action + " on " + target)
                    .isTrue();
            expected.add(lower);
        }
        platform.forEach((action, resource) -> {
            assertThat(policy.allows(action, resource))
                    .as(policy.roleId() + " must allow " + action + " on " + resource)
                    .isTrue();
            expected.add(action);
        });
        assertThat(policy.actions())
                .as(policy.roleId() + " grants actions its code does not use")
                .isSubsetOf(expected);
    }

    private static void assertKmsOnlyVia(IamPolicy policy, String... services) {
        Set<String> expected = new TreeSet<>();
        for (String service : services) {
            expected.add(service + ".us-east-1.amazonaws.com");
        }
        for (IamPolicy.Statement statement : policy.statements()) {
            if (statement.actions().stream().anyMatch(a -> a.startsWith("kms:"))) {
                Object via =
                        Template.map(statement.condition().get("StringEquals")).get("kms:ViaService");
                assertThat(new TreeSet<>(Template.listOrSingle(via).stream()
                                .map(String::valueOf)
                                .toList()))
                        .as(policy.roleId() + " " + statement.sid() + ": the key only through the services")
                        .isSubsetOf(expected);
            }
        }
    }

    private IamPolicy functionRole(String function) {
        return IamPolicy.ofRole(
                template, Template.referencedId(template.properties(function).get("Role")));
    }

    private Map<String, String> logs(String function) {
        String group = Template.referencedId(
                Template.map(template.properties(function).get("LoggingConfig")).get("LogGroup"));
        String stream = logGroupArn(group) + ":log-stream:2026/11/25/[1]0123456789abcdef";
        return Map.of("logs:createlogstream", stream, "logs:putlogevents", stream);
    }

    private String logGroupArn(String logicalId) {
        String arn = cfn.text(Map.of("Fn::GetAtt", List.of(logicalId, "Arn")));
        return arn.substring(0, arn.length() - 2); // without the ":*" the Arn attribute ends with
    }

    private String asyncFailureDestination() {
        Map<String, Object> config = Template.map(template.intrinsics()
                .resolve(template.properties(Deployment.INGEST).get("EventInvokeConfig")));
        return (String)
                Template.map(Template.map(config.get("DestinationConfig")).get("OnFailure"))
                        .get("Destination");
    }

    /** A store the key computation never touches. */
    private static final class UnusedStore implements io.scanpipeline.core.RejectStore {
        @Override
        public void put(String key, byte[] body) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String location() {
            return "unused";
        }
    }
}
