package dev.drainer.operator.decide;

import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.RecoveryStatus;
import java.util.List;
import java.util.Optional;

/**
 * The recovery part of one decision.
 *
 * @param phase          the phase recovery imposes; empty: the ordinary phase (Pending, Running, Stopped, …)
 * @param holdStopped    the StatefulSet must stay at zero replicas whatever spec.state says
 * @param recovery       status.recovery to write (before any action below)
 * @param createJob      the attempt whose Job to create now
 * @param deleteJobs     Jobs to delete (only when stopped)
 * @param forceDeletePod a stuck drainer pod to delete with grace period 0 (only when opted in)
 * @param condition      the Recovery condition: status, reason, message
 */
record RecoveryPlan(Optional<Phase> phase, boolean holdStopped, RecoveryStatus recovery, Optional<Integer> createJob,
                    List<String> deleteJobs, Optional<String> forceDeletePod, List<EventNote> events,
                    Verdict condition) {
    /** A condition's status, reason and message. */
    record Verdict(String status, String reason, String message) {
    }
}
