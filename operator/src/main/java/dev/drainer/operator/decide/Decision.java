package dev.drainer.operator.decide;

import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.render.Desired;
import java.util.List;
import java.util.Optional;

/**
 * What to do: the objects to apply (empty: touch nothing, e.g. an invalid spec that never was valid), the status
 * to write first, and the events to record.
 */
public record Decision(Optional<Desired> desired, DrainerStatus status, List<EventNote> events) {
}
