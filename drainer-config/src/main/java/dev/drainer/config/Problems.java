package dev.drainer.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one load so they are reported together. */
final class Problems {
    private final List<String> messages = new ArrayList<>();

    void add(Origin origin, String what) {
        messages.add(origin + ": " + what);
    }

    void add(String message) {
        messages.add(message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigException(messages);
        }
    }
}
