package io.scanpipeline.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inline policies of one {@code AWS::IAM::Role}, resolved, with IAM's matching rules for actions (case-insensitive,
 * {@code *} and {@code ?} wildcards) and resources ({@code *} and {@code ?} wildcards, case-sensitive).
 * Conditions are not evaluated: {@link #allows} answers "some Allow statement covers it", which is the question
 * for least privilege; tests look at conditions where they matter.
 */
final class IamPolicy {

    /** One Allow statement. */
    record Statement(String sid, List<String> actions, List<String> resources, Map<String, Object> condition) {
        boolean coversAction(String action) {
            return actions.stream().anyMatch(pattern -> wildcard(pattern, action, true));
        }

        boolean coversResource(String arn) {
            return resources.stream().anyMatch(pattern -> wildcard(pattern, arn, false));
        }
    }

    private final String roleId;
    private final List<Statement> statements;

    private IamPolicy(String roleId, List<Statement> statements) {
        this.roleId = roleId;
        this.statements = statements;
    }

    /** The role's inline policies; fails on what this project never uses (Deny, NotAction, managed policies). */
    static IamPolicy ofRole(Template template, String roleId) {
        Map<String, Object> resource = template.resource(roleId);
        if (!"AWS::IAM::Role".equals(resource.get("Type"))) {
            throw new AssertionError(roleId + " is not an AWS::IAM::Role");
        }
        Map<String, Object> properties = template.resolvedProperties(roleId);
        if (properties.containsKey("ManagedPolicyArns") || properties.containsKey("PermissionsBoundary")) {
            throw new AssertionError(roleId + " attaches managed policies; every grant must be inline and explicit");
        }
        List<Statement> statements = new ArrayList<>();
        for (Object policy : Template.list(properties.get("Policies"))) {
            Map<String, Object> document = Template.map(Template.map(policy).get("PolicyDocument"));
            for (Object raw : Template.listOrSingle(document.get("Statement"))) {
                Map<String, Object> statement = Template.map(raw);
                String sid = String.valueOf(statement.get("Sid"));
                if (!"Allow".equals(statement.get("Effect"))) {
                    throw new AssertionError(roleId + " statement " + sid + " is not an Allow");
                }
                if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                    throw new AssertionError(roleId + " statement " + sid + " uses NotAction/NotResource");
                }
                statements.add(new Statement(
                        sid,
                        strings(statement.get("Action")),
                        strings(statement.get("Resource")),
                        Template.map(statement.get("Condition"))));
            }
        }
        return new IamPolicy(roleId, statements);
    }

    List<Statement> statements() {
        return statements;
    }

    /** Every action named by some statement, lower-cased for comparison. */
    Set<String> actions() {
        Set<String> actions = new LinkedHashSet<>();
        statements.forEach(s -> s.actions().forEach(a -> actions.add(a.toLowerCase(Locale.ROOT))));
        return actions;
    }

    /** Whether some statement allows {@code action} on {@code arn}. */
    boolean allows(String action, String arn) {
        return statements.stream().anyMatch(s -> s.coversAction(action) && s.coversResource(arn));
    }

    /** The statements that allow {@code action} on any resource. */
    List<Statement> statementsFor(String action) {
        return statements.stream().filter(s -> s.coversAction(action)).toList();
    }

    String roleId() {
        return roleId;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        Template.listOrSingle(value).forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    /** IAM's wildcard match: {@code *} any run of characters, {@code ?} one character. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(
                        regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL)
                .matcher(value)
                .matches();
    }
}
