package dev.drainer.runtime.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A SQL text with its positional arguments. */
public record Statement(String sql, List<Object> args) {
    public Statement {
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /** A sink that writes a statement as text with {@code ?} placeholders and its arguments. */
    static final class Template implements SqlSink<RuntimeException> {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> args = new ArrayList<>();

        @Override
        public Template sql(String text) {
            sql.append(text);
            return this;
        }

        @Override
        public Template sql(char c) {
            sql.append(c);
            return this;
        }

        @Override
        public Template value(Object v) {
            sql.append('?');
            args.add(v);
            return this;
        }

        Statement statement() {
            return new Statement(sql.toString(), args);
        }
    }
}
