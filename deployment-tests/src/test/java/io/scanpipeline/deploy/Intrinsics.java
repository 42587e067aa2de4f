package io.scanpipeline.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsics the way a deployment in account {@value #ACCOUNT}, region {@value #REGION}
 * would, with parameter defaults (or given values) and made-up but well-formed names and ARNs for the resources.
 * Values that CloudFormation would drop ({@code AWS::NoValue}, resources whose condition is false) are dropped.
 *
 * <p>Resources get the names their properties give them (BucketName, TableName, ...), else
 * {@code <stack>-<LogicalId>-TEST}; attributes follow the real ARN formats, so IAM resource patterns in the
 * template can be matched against them.
 */
final class Intrinsics {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final String STACK = "scan-pipeline";
    static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/scan-pipeline/"
            + "1f2e3d4c-5b6a-4789-8abc-def012345678";
    /** What {@code Ref AWS::NoValue} resolves to until the enclosing map or list drops it. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final Map<String, String> NAME_PROPERTIES = Map.of(
            "AWS::S3::Bucket", "BucketName",
            "AWS::DynamoDB::Table", "TableName",
            "AWS::Kinesis::Stream", "Name",
            "AWS::SQS::Queue", "QueueName",
            "AWS::Logs::LogGroup", "LogGroupName",
            "AWS::IAM::Role", "RoleName",
            "AWS::Serverless::Function", "FunctionName",
            "AWS::ECS::Cluster", "ClusterName",
            "AWS::ECS::Service", "ServiceName");

    private final Map<String, Object> template;
    private final Map<String, String> parameterValues;
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();

    Intrinsics(Map<String, Object> template, Map<String, String> parameterValues) {
        this.template = template;
        this.parameterValues = parameterValues;
        Map<String, Object> parameters = Template.map(template.get("Parameters"));
        for (String name : parameterValues.keySet()) {
            if (parameters == null || !parameters.containsKey(name)) {
                throw new IllegalArgumentException("template.yaml has no parameter " + name);
            }
        }
    }

    /** Whether a named condition holds. */
    boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        Object definition = Template.map(template.get("Conditions")).get(name);
        if (definition == null) {
            throw new AssertionError("unknown condition " + name);
        }
        boolean value = truth(definition);
        conditions.put(name, value);
        return value;
    }

    /** Whether a resource exists with these parameters (its Condition, if any, holds). */
    boolean exists(String logicalId) {
        Object condition = resource(logicalId).get("Condition");
        return condition == null || condition((String) condition);
    }

    /** The value with every intrinsic evaluated; maps and lists lose their AWS::NoValue members. */
    Object resolve(Object value) {
        if (value instanceof Map<?, ?> raw) {
            Map<String, Object> map = Template.map(raw);
            if (map.size() == 1) {
                String key = map.keySet().iterator().next();
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") && isConditionRef(map)) {
                    return function(key, map.get(key));
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object resolved = resolve(v);
                if (resolved != NO_VALUE) {
                    out.put(k, resolved);
                }
            });
            return out;
        }
        if (value instanceof List<?> raw) {
            List<Object> out = new ArrayList<>();
            for (Object element : raw) {
                Object resolved = resolve(element);
                if (resolved != NO_VALUE) {
                    out.add(resolved);
                }
            }
            return out;
        }
        return value;
    }

    /** The resolved value as text (numbers as CloudFormation passes them on: as strings). */
    String text(Object value) {
        Object resolved = resolve(value);
        if (resolved instanceof Map || resolved instanceof List || resolved == NO_VALUE) {
            throw new AssertionError("not a scalar: " + value + " -> " + resolved);
        }
        return String.valueOf(resolved);
    }

    private boolean isConditionRef(Map<String, Object> map) {
        return map.get("Condition") instanceof String;
    }

    private Object function(String name, Object argument) {
        switch (name) {
            case "Ref":
                return ref((String) argument);
            case "Condition":
                return condition((String) argument);
            case "Fn::GetAtt": {
                List<Object> parts = Template.listOrSingle(argument);
                return getAtt(text(parts.get(0)), text(parts.get(1)));
            }
            case "Fn::Sub":
                return sub(argument);
            case "Fn::Join": {
                List<Object> args = Template.list(argument);
                List<Object> items = Template.list(resolve(args.get(1)));
                List<String> texts = new ArrayList<>();
                items.forEach(item -> texts.add(String.valueOf(item)));
                return String.join(text(args.get(0)), texts);
            }
            case "Fn::Select": {
                List<Object> args = Template.list(argument);
                return Template.list(resolve(args.get(1))).get(Integer.parseInt(text(args.get(0))));
            }
            case "Fn::Split": {
                List<Object> args = Template.list(argument);
                return new ArrayList<Object>(
                        Arrays.asList(text(args.get(1)).split(Pattern.quote(text(args.get(0))), -1)));
            }
            case "Fn::If": {
                List<Object> args = Template.list(argument);
                return resolve(condition((String) args.get(0)) ? args.get(1) : args.get(2));
            }
            case "Fn::Equals":
            case "Fn::Not":
            case "Fn::And":
            case "Fn::Or":
                return truth(Map.of(name, argument));
            case "Fn::FindInMap": {
                List<Object> args = Template.list(argument);
                Map<String, Object> mapping =
                        Template.map(Template.map(template.get("Mappings")).get(text(args.get(0))));
                return resolve(Template.map(mapping.get(text(args.get(1)))).get(text(args.get(2))));
            }
            case "Fn::ImportValue":
                return "imported:" + text(argument);
            case "Fn::Base64":
                return java.util.Base64.getEncoder()
                        .encodeToString(text(argument).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "Fn::GetAZs":
                return new ArrayList<Object>(List.of(REGION + "a", REGION + "b", REGION + "c"));
            case "Fn::Cidr":
                throw new UnsupportedOperationException("Fn::Cidr is not evaluated by this test resolver");
            default:
                throw new AssertionError("unknown intrinsic " + name);
        }
    }

    private boolean truth(Object definition) {
        Map<String, Object> map = Template.map(definition);
        String key = map.keySet().iterator().next();
        Object argument = map.get(key);
        return switch (key) {
            case "Fn::Equals" -> {
                List<Object> args = Template.list(argument);
                yield String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
            }
            case "Fn::Not" -> !truth(Template.list(argument).get(0));
            case "Fn::And" -> Template.list(argument).stream().allMatch(this::truth);
            case "Fn::Or" -> Template.list(argument).stream().anyMatch(this::truth);
            case "Condition" -> condition((String) argument);
            default -> throw new AssertionError("not a condition: " + definition);
        };
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::StackName":
                return STACK;
            case "AWS::StackId":
                return STACK_ID;
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                break;
        }
        Map<String, Object> parameter =
                Template.map(Template.map(template.get("Parameters")).get(name));
        if (parameter != null) {
            String value = parameterValues.containsKey(name)
                    ? parameterValues.get(name)
                    : parameter.containsKey("Default") ? String.valueOf(parameter.get("Default")) : null;
            if (value == null) {
                throw new AssertionError("parameter " + name + " has no default and no test value");
            }
            if (String.valueOf(parameter.get("Type")).startsWith("List<")
                    || "CommaDelimitedList".equals(parameter.get("Type"))) {
                return new ArrayList<Object>(Arrays.asList(value.split(",")));
            }
            return value;
        }
        if (name.endsWith(".Alias")) {
            // SAM: the alias of a function with AutoPublishAlias; Ref of an alias is its ARN
            String function = name.substring(0, name.length() - ".Alias".length());
            Object alias = Template.map(resource(function).get("Properties")).get("AutoPublishAlias");
            return getAtt(function, "Arn") + ":" + alias;
        }
        String type = type(name);
        return switch (type) {
            case "AWS::SQS::Queue" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + physicalName(name);
            case "AWS::KMS::Key" -> "0000aaaa-" + name.toLowerCase();
            case "AWS::ECS::Service" -> getAtt(name, "ServiceArn");
            case "AWS::Lambda::EventSourceMapping" -> "esm-" + name;
            default -> physicalName(name);
        };
    }

    private String getAtt(String logicalId, String attribute) {
        String name = physicalName(logicalId);
        String type = type(logicalId);
        String value = switch (type + "." + attribute) {
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + name;
            case "AWS::DynamoDB::Table.Arn" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name;
            case "AWS::DynamoDB::Table.StreamArn" ->
                "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name + "/stream/2026-11-25T12:00:00.000";
            case "AWS::Kinesis::Stream.Arn" -> "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + name;
            case "AWS::SQS::Queue.Arn" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;
            case "AWS::SQS::Queue.QueueName" -> name;
            case "AWS::KMS::Key.Arn" -> "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + ref(logicalId);
            case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + name + ":*";
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + ACCOUNT + ":role/" + name;
            case "AWS::Serverless::Function.Arn" -> "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
            case "AWS::ECS::Cluster.Arn" -> "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":cluster/" + name;
            case "AWS::ECS::Service.Name" -> name;
            case "AWS::ECS::Service.ServiceArn" ->
                "arn:aws:ecs:" + REGION + ":" + ACCOUNT + ":service/"
                        + ref(Template.referencedId(
                                Template.map(resource(logicalId).get("Properties"))
                                        .get("Cluster")))
                        + "/" + name;
            default -> null;
        };
        if (value == null) {
            throw new AssertionError(
                    "the test resolver does not know " + type + "." + attribute + " (of " + logicalId + ")");
        }
        return value;
    }

    private Object sub(Object argument) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof List<?> args) {
            text = (String) args.get(0);
            Template.map(args.get(1)).forEach((k, v) -> variables.put(k, resolve(v)));
        } else {
            text = (String) argument;
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            Object value;
            if (variables.containsKey(variable)) {
                value = variables.get(variable);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                value = getAtt(
                        variable.substring(0, variable.indexOf('.')), variable.substring(variable.indexOf('.') + 1));
            } else {
                value = ref(variable);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        matcher.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private String physicalName(String logicalId) {
        Map<String, Object> resource = resource(logicalId);
        String nameProperty = NAME_PROPERTIES.get((String) resource.get("Type"));
        Map<String, Object> properties = Template.map(resource.get("Properties"));
        if (nameProperty != null && properties != null && properties.get(nameProperty) != null) {
            Object name = resolve(properties.get(nameProperty));
            if (name != NO_VALUE) {
                return String.valueOf(name);
            }
        }
        return STACK + "-" + logicalId + "-TEST";
    }

    private String type(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    private Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource =
                Template.map(Template.map(template.get("Resources")).get(logicalId));
        if (resource == null) {
            throw new AssertionError("no resource or parameter named " + logicalId);
        }
        return resource;
    }
}
