package dev.drainer.runtime.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes one subcommand-specific flag out of a Go-style argument list ({@code -name=v}, {@code -name v},
 * {@code --name=v}, {@code --name v}), leaving the rest for the drainer's own flag parser.
 */
final class ExtraFlag {
    private final Optional<String> value;
    private final List<String> rest;

    private ExtraFlag(Optional<String> value, List<String> rest) {
        this.value = value;
        this.rest = rest;
    }

    static ExtraFlag take(List<String> args, String name) {
        List<String> rest = new ArrayList<>();
        String found = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String bare = a.startsWith("--") ? a.substring(2) : a.startsWith("-") ? a.substring(1) : null;
            if (bare != null && bare.startsWith(name + "=")) {
                found = bare.substring(name.length() + 1);
            } else if (bare != null && bare.equals(name)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("flag -" + name + " needs a value");
                }
                found = args.get(++i);
            } else {
                rest.add(a);
            }
        }
        return new ExtraFlag(Optional.ofNullable(found), rest);
    }

    Optional<String> value() {
        return value;
    }

    List<String> rest() {
        return rest;
    }
}
