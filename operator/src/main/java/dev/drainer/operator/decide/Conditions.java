package dev.drainer.operator.decide;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the status conditions of one reconcile from the previous ones: lastTransitionTime only moves when the
 * condition's status changes, so that repeated reconciles do not churn the status.
 */
final class Conditions {
    static final String READY = "Ready";
    static final String PD_REACHABLE = "PDReachable";
    static final String CHECKPOINT_CONSISTENT = "CheckpointConsistent";
    static final String INVALID_SPEC = "InvalidSpec";
    static final String RECOVERY = "Recovery";

    private final List<Condition> previous;
    private final List<Condition> next = new ArrayList<>();
    private final long generation;
    private final String now;

    Conditions(List<Condition> previous, long generation, Instant now) {
        this.previous = previous == null ? List.of() : previous;
        this.generation = generation;
        this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    void set(String type, String status, String reason, String message) {
        String since = find(previous, type).filter(c -> status.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime).orElse(now);
        next.add(new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build());
    }

    void set(String type, boolean status, String reason, String message) {
        set(type, status ? "True" : "False", reason, message);
    }

    List<Condition> build() {
        return List.copyOf(next);
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
