package dev.drainer.operator.decide;

import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.render.Desired;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * What to do: the objects to apply (empty: touch nothing, e.g. an invalid spec that never was valid), the status
 * to write first, the events to record, and the recovery's actions (after the status and the objects).
 *
 * @param createJob      a recovery Job to create (its name is already in the status)
 * @param deleteJobs     recovery Jobs to delete
 * @param forceDeletePod a drainer pod to delete with grace period 0
 */
public record Decision(Optional<Desired> desired, DrainerStatus status, List<EventNote> events,
                       Optional<Job> createJob, List<String> deleteJobs, Optional<String> forceDeletePod) {
}
