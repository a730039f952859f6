package dev.drainer.operator.decide;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * The processes that may write the downstream: the drainer pod and the recovery Jobs with their pods.
 *
 * @param drainerPod the pod {@code <name>-0}, read from the API server (not a cache) while a fence is checked
 * @param jobs       this Drainer's recovery Jobs
 * @param jobPods    the pods of those Jobs
 * @param jobLogTail the last lines of the current attempt's pod log, read only once its Job failed
 */
public record Workloads(Optional<Pod> drainerPod, List<Job> jobs, List<Pod> jobPods, Optional<String> jobLogTail) {
    /** Nothing runs and no Job exists. */
    public static Workloads none() {
        return new Workloads(Optional.empty(), List.of(), List.of(), Optional.empty());
    }
}
