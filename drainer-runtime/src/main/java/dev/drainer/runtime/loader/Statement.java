package dev.drainer.runtime.loader;

import java.util.List;

/** A SQL text with its positional arguments. */
public record Statement(String sql, List<Object> args) {
    public Statement {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }
}
