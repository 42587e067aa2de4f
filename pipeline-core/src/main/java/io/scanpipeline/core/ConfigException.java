package io.scanpipeline.core;

/** A configuration value that is missing or invalid; the message names the variable. Permanent. */
public final class ConfigException extends IllegalArgumentException {

    private final String variable;

    public ConfigException(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    /** The environment variable (or configuration key) at fault. */
    public String variable() {
        return variable;
    }
}
