package io.scanpipeline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The repository's {@code template.yaml}, raw (intrinsics as written) and resolved (see {@link Intrinsics}) with
 * parameter defaults plus the values a test supplies for parameters without a default.
 */
final class Template {

    /** Values for the parameters that have no default, as a user would give them to {@code sam deploy}. */
    static final Map<String, String> REQUIRED_PARAMETERS = Map.of(
            "SinkImage", "123456789012.dkr.ecr.us-east-1.amazonaws.com/scan-pipeline/splunk-sink:0.1.0",
            "SubnetIds", "subnet-0aaa1111,subnet-0bbb2222",
            "SecurityGroupId", "sg-0ccc3333",
            "HecUrls", "https://splunk.example.com:8088",
            "HecTokenSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:scan-pipeline/hec-token-AbCdEf");

    private final Map<String, Object> raw;
    private final Intrinsics intrinsics;

    private Template(Map<String, Object> raw, Map<String, String> parameters) {
        this.raw = raw;
        this.intrinsics = new Intrinsics(raw, parameters);
    }

    /** The template with the default parameters. */
    static Template load() {
        return load(REQUIRED_PARAMETERS);
    }

    /** The template with these parameter values over the defaults. */
    static Template load(Map<String, String> parameters) {
        try {
            return new Template(CfnYaml.load(Repo.file("template.yaml")), parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path() {
        return Repo.file("template.yaml");
    }

    Map<String, Object> raw() {
        return raw;
    }

    Intrinsics intrinsics() {
        return intrinsics;
    }

    /** A resource as written, or an assertion error. */
    Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = map(map(raw.get("Resources")).get(logicalId));
        if (resource == null) {
            throw new AssertionError("template.yaml has no resource " + logicalId);
        }
        return resource;
    }

    /** The raw properties of a resource. */
    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"));
    }

    /** The properties of a resource with every intrinsic resolved. */
    Map<String, Object> resolvedProperties(String logicalId) {
        return map(intrinsics.resolve(resource(logicalId).get("Properties")));
    }

    /** Logical ids of the resources of one type, in template order. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        map(raw.get("Resources")).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The logical id a {@code {Fn::GetAtt: [Id, Arn]}} or {@code {Ref: Id}} points at. */
    static String referencedId(Object intrinsic) {
        Map<String, Object> map = map(intrinsic);
        if (map != null && map.get("Ref") instanceof String ref) {
            return ref;
        }
        if (map != null && map.get("Fn::GetAtt") instanceof List<?> getAtt) {
            return (String) getAtt.get(0);
        }
        throw new AssertionError("not a Ref or GetAtt: " + intrinsic);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? null : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? null : (List<Object>) value;
    }

    /** A map, or a one-element list for a scalar (IAM's "Action: x" versus "Action: [x, y]"). */
    static List<Object> listOrSingle(Object value) {
        return value instanceof List<?> ? list(value) : List.of(Objects.requireNonNull(value));
    }

    static Map<String, Object> copy(Map<String, Object> map) {
        return new LinkedHashMap<>(map);
    }
}
