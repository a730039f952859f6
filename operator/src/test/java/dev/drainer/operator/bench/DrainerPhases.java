package dev.drainer.operator.bench;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The latest state of every Drainer of a namespace, kept by one watch (cheaper for the mock server than listing
 * all of them again and again), and when each was first seen in the state a wait asks for.
 */
final class DrainerPhases implements AutoCloseable {
    private final Map<String, Drainer> latest = new ConcurrentHashMap<>();
    private final Watch watch;

    DrainerPhases(KubernetesClient client, String namespace) {
        watch = client.resources(Drainer.class).inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Drainer d) {
                if (action == Action.DELETED) {
                    latest.remove(d.getMetadata().getName());
                } else {
                    latest.put(d.getMetadata().getName(), d);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** In {@code phase} with the status describing the current generation. */
    static Predicate<Drainer> settledIn(Phase phase) {
        return d -> d.getStatus() != null && d.getStatus().phase == phase
                && Objects.equals(d.getStatus().observedGeneration, d.getMetadata().getGeneration());
    }

    /**
     * Waits until {@code count} Drainers satisfy {@code state}; returns, for each, how long after {@code from} it was
     * first seen so (to the 50 ms poll), or throws after {@code deadline} naming the phases reached.
     */
    Map<String, Duration> awaitAll(int count, Predicate<Drainer> state, Instant from, Duration deadline)
            throws InterruptedException {
        Map<String, Duration> reached = new ConcurrentHashMap<>();
        Instant end = from.plus(deadline);
        while (reached.size() < count) {
            Instant now = Instant.now();
            latest.values().stream().filter(state).forEach(d -> reached.putIfAbsent(d.getMetadata().getName(),
                    Duration.between(from, now)));
            if (now.isAfter(end)) {
                throw new AssertionError(reached.size() + " of " + count + " Drainers reached the state within "
                        + deadline + "; phases now " + phases());
            }
            Thread.sleep(50);
        }
        return reached;
    }

    /** How many Drainers are in each phase. */
    Map<String, Long> phases() {
        return latest.values().stream().collect(Collectors.groupingBy(d -> d.getStatus() == null
                || d.getStatus().phase == null ? "none" : d.getStatus().phase.name(), TreeMap::new,
                Collectors.counting()));
    }

    @Override
    public void close() {
        watch.close();
    }
}
