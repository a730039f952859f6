package dev.drainer.config;

import java.util.Objects;

/** A password: compared by value, never printed by {@link #toString()}. */
public final class Secret {
    /** The empty password. */
    public static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a clear-text password; an empty string gives {@link #EMPTY}. */
    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    /** The clear text; call only where the password is handed to a driver. */
    public String reveal() {
        return value;
    }

    /** True if the password is the empty string. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Masked so that logging a config record never leaks the password. */
    @Override
    public String toString() {
        return value.isEmpty() ? "<empty>" : "******";
    }
}
