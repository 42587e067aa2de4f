package io.scanpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The settings of template.yaml that the code's guarantees depend on. */
class TemplateContractTest {

    private final Template template = Template.load();

    @Test
    void streamMapping_reportsBatchItemFailuresAndBisectsRetriesAndDeadLetters() {
        Map<String, Object> mapping = template.resolvedProperties("ForwarderStreamMapping");
        assertThat(Template.list(mapping.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
        assertThat(mapping)
                .containsEntry("BisectBatchOnFunctionError", true)
                .containsEntry("StartingPosition", "TRIM_HORIZON")
                .containsEntry("ParallelizationFactor", 1)
                .containsKeys("MaximumRetryAttempts", "MaximumRecordAgeInSeconds")
                .doesNotContainKey("FilterCriteria"); // no filter unless the parameter is given
        assertThat(mapping.get("EventSourceArn"))
                .isEqualTo(template.intrinsics().resolve(Map.of("Fn::GetAtt", List.of("FindingsTable", "StreamArn"))));
        assertThat(mapping.get("FunctionName"))
                .as("the published alias, which SnapStart serves")
                .isEqualTo(template.intrinsics().resolve(Map.of("Ref", "ForwarderFunction.Alias")));
        String destination = (String)
                Template.map(Template.map(mapping.get("DestinationConfig")).get("OnFailure"))
                        .get("Destination");
        assertThat(destination)
                .as("an S3 destination keeps the records themselves, SQS only their metadata")
                .isEqualTo(template.intrinsics().resolve(Map.of("Fn::GetAtt", List.of("StreamFailureBucket", "Arn"))))
                .startsWith("arn:aws:s3:::")
                .isNotEqualTo(template.intrinsics().resolve(Map.of("Fn::GetAtt", List.of("ScanBucket", "Arn"))));

        Map<String, String> withFilter = new java.util.HashMap<>(Template.REQUIRED_PARAMETERS);
        withFilter.put("StreamFilterPattern", "{\"eventName\":[\"INSERT\"]}");
        Map<String, Object> filtered = Template.load(withFilter).resolvedProperties("ForwarderStreamMapping");
        assertThat(filtered.get("FilterCriteria"))
                .isEqualTo(Map.of("Filters", List.of(Map.of("Pattern", "{\"eventName\":[\"INSERT\"]}"))));
    }

    @Test
    void functions_runOnArm64WithSnapStartOnThePublishedAlias() {
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).containsExactlyInAnyOrder(Deployment.INGEST, Deployment.FORWARDER);
        for (String function : functions) {
            Map<String, Object> properties = template.resolvedProperties(function);
            assertThat(properties.get("Runtime")).as(function).isIn("java17", "java21");
            assertThat(Template.list(properties.get("Architectures")))
                    .as(function)
                    .containsExactly("arm64");
            assertThat(properties.get("SnapStart")).as(function).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(properties.get("AutoPublishAlias")).as(function).isNotNull();
            assertThat(template.properties(function).get("MemorySize"))
                    .as(function + " memory is a parameter")
                    .isInstanceOf(Map.class);
            assertThat(template.properties(function).get("Timeout"))
                    .as(function + " timeout is a parameter")
                    .isInstanceOf(Map.class);
        }
    }

    @Test
    void ingest_isTriggeredByObjectCreatedOnTheBucketAndRetriesTwiceIntoItsQueue() {
        Map<String, Object> properties = template.resolvedProperties(Deployment.INGEST);
        Map<String, Object> event =
                Template.map(Template.map(template.properties(Deployment.INGEST).get("Events"))
                        .values()
                        .iterator()
                        .next());
        assertThat(event.get("Type")).isEqualTo("S3");
        Map<String, Object> eventProperties = Template.map(event.get("Properties"));
        assertThat(eventProperties.get("Bucket")).isEqualTo(Map.of("Ref", "ScanBucket"));
        assertThat(eventProperties.get("Events")).isEqualTo("s3:ObjectCreated:*");
        assertThat(Template.map(template.intrinsics().resolve(eventProperties))).doesNotContainKey("Filter");

        Map<String, String> withFilter = new java.util.HashMap<>(Template.REQUIRED_PARAMETERS);
        withFilter.put("IngestKeySuffix", ".json");
        Map<String, Object> filtered =
                Template.map(Template.load(withFilter).intrinsics().resolve(eventProperties));
        assertThat(filtered.get("Filter"))
                .isEqualTo(Map.of("S3Key", Map.of("Rules", List.of(Map.of("Name", "suffix", "Value", ".json")))));

        Map<String, Object> invoke = Template.map(properties.get("EventInvokeConfig"));
        assertThat(invoke).containsEntry("MaximumRetryAttempts", 2);
        assertThat(Template.map(Template.map(invoke.get("DestinationConfig")).get("OnFailure")))
                .containsEntry("Type", "SQS");
    }

    @Test
    void bucket_isVersionedPrivateTlsOnlyAndEncryptedWithTheKey() {
        Map<String, Object> bucket = template.resolvedProperties("ScanBucket");
        assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        assertThat(bucket.get("PublicAccessBlockConfiguration"))
                .isEqualTo(Map.of(
                        "BlockPublicAcls",
                        true,
                        "BlockPublicPolicy",
                        true,
                        "IgnorePublicAcls",
                        true,
                        "RestrictPublicBuckets",
                        true));
        Map<String, Object> sse = Template.map(
                Template.list(Template.map(bucket.get("BucketEncryption")).get("ServerSideEncryptionConfiguration"))
                        .get(0));
        Map<String, Object> byDefault = Template.map(sse.get("ServerSideEncryptionByDefault"));
        assertThat(byDefault)
                .containsEntry("SSEAlgorithm", "aws:kms")
                .containsEntry(
                        "KMSMasterKeyID",
                        template.intrinsics().resolve(Map.of("Fn::GetAtt", List.of("DataKey", "Arn"))));

        Map<String, String> existingKey = new java.util.HashMap<>(Template.REQUIRED_PARAMETERS);
        existingKey.put("KmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555");
        Template withKey = Template.load(existingKey);
        assertThat(withKey.intrinsics().exists("DataKey")).isFalse();
        assertThat(withKey.resolvedProperties("ScanBucket").toString()).contains(existingKey.get("KmsKeyArn"));

        List<Object> rules =
                Template.list(Template.map(bucket.get("LifecycleConfiguration")).get("Rules"));
        assertThat(rules).anySatisfy(rule -> assertThat(Template.map(rule)).containsKey("NoncurrentVersionExpiration"));
        String quarantinePrefix =
                Deployment.functionEnvironment(template, Deployment.INGEST).get("QUARANTINE_PREFIX");
        assertThat(rules)
                .anySatisfy(rule -> assertThat(Template.map(rule))
                        .containsEntry("Prefix", quarantinePrefix)
                        .containsKey("ExpirationInDays"));

        Map<String, Object> policy = template.resolvedProperties("ScanBucketPolicy");
        assertThat(policy.get("Bucket")).isEqualTo(template.intrinsics().resolve(Map.of("Ref", "ScanBucket")));
        List<Object> statements =
                Template.list(Template.map(policy.get("PolicyDocument")).get("Statement"));
        assertThat(statements).anySatisfy(raw -> {
            Map<String, Object> statement = Template.map(raw);
            assertThat(statement)
                    .containsEntry("Effect", "Deny")
                    .containsEntry("Principal", "*")
                    .containsEntry("Action", "s3:*");
            assertThat(Template.listOrSingle(statement.get("Resource"))).hasSize(2);
            assertThat(statement.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        });
    }

    @Test
    void table_isOnDemandWithPointInTimeRecoveryEncryptionAndNewAndOldImages() {
        Map<String, Object> table = template.resolvedProperties("FindingsTable");
        assertThat(table).containsEntry("TableName", "Employees").containsEntry("BillingMode", "PAY_PER_REQUEST");
        assertThat(table.get("KeySchema")).isEqualTo(List.of(Map.of("AttributeName", "emp_id", "KeyType", "HASH")));
        assertThat(table.get("PointInTimeRecoverySpecification")).isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        assertThat(Template.map(table.get("SSESpecification"))).containsEntry("SSEEnabled", true);
        assertThat(table.get("StreamSpecification")).isEqualTo(Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"));
        Map<String, String> env = Deployment.functionEnvironment(template, Deployment.INGEST);
        assertThat(env).containsEntry("TABLE_NAME", "Employees").containsEntry("PARTITION_KEY", "emp_id");
    }

    @Test
    void kinesisStream_isKmsEncryptedWithRetentionAndModeFromParameters() {
        Map<String, Object> stream = template.resolvedProperties("ChangeStream");
        assertThat(Template.map(stream.get("StreamEncryption"))).containsEntry("EncryptionType", "KMS");
        assertThat(stream).containsEntry("RetentionPeriodHours", "168").doesNotContainKey("ShardCount");
        Map<String, String> provisioned = new java.util.HashMap<>(Template.REQUIRED_PARAMETERS);
        provisioned.put("KinesisStreamMode", "PROVISIONED");
        provisioned.put("KinesisShardCount", "4");
        assertThat(Template.load(provisioned).resolvedProperties("ChangeStream"))
                .containsEntry("ShardCount", "4");
    }

    @Test
    void sink_runsOnFargateArm64WithTheTokenFromSecretsManager() {
        Map<String, Object> task = template.resolvedProperties(Deployment.SINK_TASK);
        assertThat(task.get("RuntimePlatform"))
                .isEqualTo(Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"));
        assertThat(Template.list(task.get("RequiresCompatibilities"))).containsExactly("FARGATE");
        assertThat(task.get("TaskRoleArn")).isNotEqualTo(task.get("ExecutionRoleArn"));
        Map<String, Object> container =
                Template.map(Template.list(task.get("ContainerDefinitions")).get(0));
        // the sink reads the secret itself, at start and again after every refusal (rotation); an injected token
        // would be fixed for the task's life
        assertThat(container).doesNotContainKey("Secrets");
        assertThat(Template.list(container.get("Environment")))
                .noneSatisfy(v -> assertThat(Template.map(v).get("Name")).isEqualTo("HEC_TOKEN"));
        assertThat(Template.list(container.get("Environment")))
                .anySatisfy(v -> assertThat(Template.map(v))
                        .containsEntry("Name", "HEC_TOKEN_SECRET_ARN")
                        .containsEntry("Value", Template.REQUIRED_PARAMETERS.get("HecTokenSecretArn")));
        assertThat(container).containsEntry("ReadonlyRootFilesystem", true);
        Map<String, Object> network = Template.map(
                Template.map(template.resolvedProperties("SinkService").get("NetworkConfiguration"))
                        .get("AwsvpcConfiguration"));
        assertThat(Template.list(network.get("Subnets"))).containsExactly("subnet-0aaa1111", "subnet-0bbb2222");
        assertThat(Template.list(network.get("SecurityGroups"))).containsExactly("sg-0ccc3333");

        assertThat(template.intrinsics().exists("SinkScalableTarget"))
                .as("autoscaling is off by default")
                .isFalse();
        Map<String, String> scaled = new java.util.HashMap<>(Template.REQUIRED_PARAMETERS);
        scaled.put("SinkMaxCount", "4");
        Template withScaling = Template.load(scaled);
        assertThat(withScaling.intrinsics().exists("SinkIteratorAgeScaling")).isTrue();
        assertThat(withScaling.resolvedProperties("SinkIteratorAgeScaling").toString())
                .contains("GetRecords.IteratorAgeMilliseconds");
    }

    @Test
    void alarms_watchErrorsIteratorAgesDeadLettersAndTheSink() {
        Set<String> watched = new TreeSet<>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> properties = template.resolvedProperties(alarm);
            assertThat(properties)
                    .as(alarm + " notifies only when a topic is given")
                    .doesNotContainKeys("AlarmActions", "OKActions");
            if (properties.containsKey("MetricName")) {
                String dimension = String.valueOf(
                        Template.map(Template.list(properties.get("Dimensions")).get(0))
                                .get("Value"));
                watched.add(properties.get("Namespace") + " " + properties.get("MetricName") + " " + dimension);
            } else {
                watched.add(String.valueOf(
                        Template.map(Template.list(properties.get("Metrics")).get(0))
                                .get("Expression")));
            }
            Map<String, Object> raw = template.properties(alarm);
            assertThat(raw.get("AlarmActions"))
                    .as(alarm)
                    .isEqualTo(Map.of(
                            "Fn::If",
                            List.of(
                                    "HasAlarmTopic",
                                    List.of(Map.of("Ref", "AlarmTopicArn")),
                                    Map.of("Ref", "AWS::NoValue"))));
        }
        Intrinsics cfn = template.intrinsics();
        String ingest = cfn.text(Map.of("Ref", Deployment.INGEST));
        String forwarder = cfn.text(Map.of("Ref", Deployment.FORWARDER));
        Map<String, Object> sinkApplication = Map.of(
                "Fn::If",
                List.of(
                        "HasAppName",
                        Map.of("Ref", "SinkApplicationName"),
                        Map.of("Fn::Sub", "${AWS::StackName}-splunk-sink")));
        assertThat(watched)
                .contains(
                        "AWS/Lambda Errors " + ingest,
                        "AWS/Lambda Errors " + forwarder,
                        "AWS/Lambda IteratorAge " + forwarder,
                        "AWS/Kinesis GetRecords.IteratorAgeMilliseconds " + cfn.text(Map.of("Ref", "ChangeStream")),
                        "AWS/SQS ApproximateNumberOfMessagesVisible "
                                + cfn.text(Map.of("Fn::GetAtt", List.of("IngestDeadLetterQueue", "QueueName"))),
                        "AWS/S3 PutRequests " + cfn.text(Map.of("Ref", "StreamFailureBucket")),
                        "ScanPipeline/Sink DeadLettered " + cfn.text(sinkApplication),
                        "ScanPipeline/Sink HecFailures " + cfn.text(sinkApplication));

        Map<String, String> withTopic = new java.util.HashMap<>(Template.REQUIRED_PARAMETERS);
        withTopic.put("AlarmTopicArn", "arn:aws:sns:us-east-1:123456789012:ops");
        assertThat(Template.load(withTopic)
                        .resolvedProperties("IngestErrorsAlarm")
                        .get("AlarmActions"))
                .isEqualTo(List.of("arn:aws:sns:us-east-1:123456789012:ops"));
    }

    @Test
    void oversizedEnvelopesQuarantinedByTheForwarder_raiseAnAlarmOnTheMetricTheForwarderEmits() {
        Map<String, Object> emitted = io.scanpipeline.forwarder.ForwarderMetrics.logFields(
                new io.scanpipeline.forwarder.InvocationStats(1, 0, 0, 0, 0, 1, null),
                "stream",
                java.time.Instant.EPOCH);
        Intrinsics cfn = template.intrinsics();
        String stream = cfn.text(Map.of("Ref", "ChangeStream"));
        List<String> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm").stream()
                .filter(alarm -> {
                    Map<String, Object> p = template.resolvedProperties(alarm);
                    return io.scanpipeline.forwarder.ForwarderMetrics.NAMESPACE.equals(p.get("Namespace"))
                            && "RecordsQuarantined".equals(p.get("MetricName"))
                            && Template.list(p.get("Dimensions"))
                                    .equals(List.of(Map.of(
                                            "Name",
                                            io.scanpipeline.forwarder.ForwarderMetrics.DIMENSION,
                                            "Value",
                                            stream)));
                })
                .toList();
        assertThat(emitted)
                .as("the forwarder emits the metric the alarm watches")
                .containsEntry("RecordsQuarantined", 1);
        assertThat(alarms).as("an alarm on quarantined (oversized) envelopes").hasSize(1);
        Map<String, Object> alarm = template.resolvedProperties(alarms.get(0));
        assertThat(alarm)
                .containsEntry("Statistic", "Sum")
                .containsEntry("Threshold", 1)
                .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("TreatMissingData", "notBreaching");
    }

    @Test
    void ingestRules_comeFromAnS3ObjectReadAtColdStart_notFromTheFourKilobyteEnvironment() throws Exception {
        Map<String, String> parameters = new java.util.HashMap<>(Template.REQUIRED_PARAMETERS);
        parameters.put("IngestRulesLocation", "s3://ops-config/scan-pipeline/ingest-rules.json");
        Template withRules = Template.load(parameters);
        Map<String, String> env = Deployment.functionEnvironment(withRules, Deployment.INGEST);
        assertThat(env)
                .containsEntry("INGEST_RULES_S3_URI", "s3://ops-config/scan-pipeline/ingest-rules.json")
                .doesNotContainKeys("INGEST_RULES", "INGEST_RULES_FILE");
        String sample = java.nio.file.Files.readString(java.nio.file.Path.of("..", "config", "pipeline.json"));
        int envBytes = env.entrySet().stream()
                .mapToInt(e -> e.getKey().length() + e.getValue().length())
                .sum();
        assertThat(envBytes + sample.length())
                .as("inline, the sample rules alone would take 3/4 of Lambda's 4 KB")
                .isGreaterThan(3 * 1024);
        assertThat(envBytes).isLessThan(1024);

        java.util.List<String> read = new java.util.ArrayList<>();
        io.scanpipeline.ingest.IngestConfig config = io.scanpipeline.ingest.IngestConfig.fromEnv(env, location -> {
            read.add(location.toString());
            return sample;
        });
        assertThat(read).containsExactly("s3://ops-config/scan-pipeline/ingest-rules.json");
        assertThat(config.ruleFor("trivy/a.json").prefix()).isEqualTo("trivy/");

        assertThat(withRules.resolvedProperties("IngestRole").toString())
                .as("the role may read the rules object")
                .contains("arn:aws:s3:::ops-config/scan-pipeline/ingest-rules.json");
        assertThat(template.resolvedProperties("IngestRole").toString()).doesNotContain("ReadIngestRules");
    }

    @Test
    void outputs_nameWhatAnOperatorNeeds() {
        Set<String> outputs = Template.map(template.raw().get("Outputs")).keySet();
        assertThat(outputs)
                .contains(
                        "ScanBucketName",
                        "QuarantineLocation",
                        "TableName",
                        "TableStreamArn",
                        "ChangeStreamName",
                        "IngestFunctionAliasArn",
                        "ForwarderFunctionAliasArn",
                        "IngestDeadLetterQueueUrl",
                        "StreamFailureBucketName",
                        "SinkClusterName",
                        "SinkServiceName",
                        "SinkLogGroupName",
                        "SinkApplicationName",
                        "DataKeyArn");
        // every output resolves with the default parameters
        Template.map(template.raw().get("Outputs"))
                .forEach((name, output) -> assertThat(
                                template.intrinsics().text(Template.map(output).get("Value")))
                        .as(name)
                        .isNotBlank());
    }
}
