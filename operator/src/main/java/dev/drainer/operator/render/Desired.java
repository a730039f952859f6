package dev.drainer.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;

/**
 * Everything one Drainer should own. The relay claim is empty when the relay log is off or an existing claim is
 * used; it carries no owner reference, so that deleting the Drainer does not garbage-collect the relay log.
 */
public record Desired(ConfigMap configMap, Service service, Optional<PersistentVolumeClaim> relayClaim,
                      StatefulSet statefulSet) {
}
