package io.scanpipeline.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the template gives each piece of code: environment variables (named as written and resolved). */
final class Deployment {

    static final String INGEST = "IngestFunction";
    static final String FORWARDER = "ForwarderFunction";
    static final String SINK_TASK = "SinkTaskDefinition";

    private Deployment() {}

    /** The names of a function's variables as written, including those a condition may leave out. */
    static Set<String> functionVariableNames(Template template, String function) {
        Map<String, Object> variables = functionVariables(template, function);
        return new TreeSet<>(variables.keySet());
    }

    /** A function's variables with the default parameters. */
    static Map<String, String> functionEnvironment(Template template, String function) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Object> resolved =
                Template.map(template.intrinsics().resolve(functionVariables(template, function)));
        resolved.forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /** The names of the sink container's variables and injected secrets as written, conditional ones included. */
    static Set<String> sinkVariableNames(Template template) {
        Set<String> names = new TreeSet<>();
        Map<String, Object> container = sinkContainer(template);
        for (String key : List.of("Environment", "Secrets")) {
            if (container.get(key) != null) {
                for (Object entry : Template.list(container.get(key))) {
                    collectNames(entry, names);
                }
            }
        }
        return names;
    }

    /** The sink container's variables with the default parameters; secrets get a stand-in value. */
    static Map<String, String> sinkEnvironment(Template template) {
        Map<String, Object> container = Template.map(template.intrinsics().resolve(sinkContainer(template)));
        Map<String, String> env = new LinkedHashMap<>();
        for (Object entry : Template.list(container.get("Environment"))) {
            Map<String, Object> variable = Template.map(entry);
            env.put((String) variable.get("Name"), String.valueOf(variable.get("Value")));
        }
        if (container.get("Secrets") != null) {
            for (Object entry : Template.list(container.get("Secrets"))) {
                env.put((String) Template.map(entry).get("Name"), "00000000-0000-0000-0000-000000000000");
            }
        }
        return env;
    }

    static Map<String, Object> sinkContainer(Template template) {
        List<Object> containers = Template.list(template.properties(SINK_TASK).get("ContainerDefinitions"));
        if (containers.size() != 1) {
            throw new AssertionError("the sink task should have exactly one container");
        }
        return Template.map(containers.get(0));
    }

    private static Map<String, Object> functionVariables(Template template, String function) {
        Map<String, Object> environment =
                Template.map(template.properties(function).get("Environment"));
        return environment == null ? Map.of() : Template.map(environment.get("Variables"));
    }

    private static void collectNames(Object entry, Set<String> names) {
        Map<String, Object> map = Template.map(entry);
        if (map.get("Name") instanceof String name) {
            names.add(name);
        } else if (map.get("Fn::If") instanceof List<?> branches) {
            collectNames(branches.get(1), names);
            collectNames(branches.get(2), names);
        } else if (!"AWS::NoValue".equals(map.get("Ref"))) {
            throw new AssertionError("unexpected container variable entry " + entry);
        }
    }
}
