package dev.drainer.operator.decide;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.observe.CheckpointReading;
import dev.drainer.operator.observe.PdProbeResult;
import dev.drainer.operator.validate.Violation;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the planner decides from, gathered by the reconciler before it decides anything.
 *
 * @param violations  what is wrong with the drainer's spec ({@link dev.drainer.operator.validate.SpecValidator}),
 *                    found once per round by the observer, which needs it to know the spec the pod runs
 * @param secretHash  digest of the password Secret's data; empty when the Secret or its key is missing
 * @param pd          this round's PD probe; empty when the throttle skipped it (the status keeps the last one)
 * @param checkpoint  this round's checkpoint read; empty when skipped
 * @param others      the Drainers the operator sees that name the same checkpoint table (it may be among them),
 *                    for the one-Drainer-per-checkpoint-row rule; Drainers of other tables are ignored
 * @param workloads   the drainer pod and the recovery Jobs
 */
public record Observation(Drainer drainer, List<Violation> violations, Optional<String> secretHash,
                          Optional<StatefulSet> statefulSet, Optional<PdProbeResult> pd,
                          Optional<CheckpointReading> checkpoint, List<Drainer> others, Instant now,
                          Duration stallThreshold, Workloads workloads) {
}
