package dev.drainer.operator.decide;

/** A Kubernetes Event to record on the Drainer: type Normal or Warning, a CamelCase reason and a message. */
public record EventNote(String type, String reason, String message) {
    public static EventNote normal(String reason, String message) {
        return new EventNote("Normal", reason, message);
    }

    public static EventNote warning(String reason, String message) {
        return new EventNote("Warning", reason, message);
    }
}
