package dev.drainer.config;

import java.util.List;

/** The configuration is invalid; {@link #problems()} lists every problem found, each naming its origin. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** One exception for all problems, so a user fixes a file in one round trip. */
    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** A single problem. */
    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** Each problem is one line: "{@code <origin>: <what is wrong>}". */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "invalid drainer configuration: " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("invalid drainer configuration (" + problems.size() + " problems):");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
