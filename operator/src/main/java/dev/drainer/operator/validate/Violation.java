package dev.drainer.operator.validate;

/** One reason a spec is invalid: the field path (e.g. {@code spec.downstream.port}) and what is wrong. */
public record Violation(String path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
