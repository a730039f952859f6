package dev.drainer.runtime.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One metric family: a name, help text, type, label names, and one child per distinct tuple of label
 * values. A family without labels has its one child from the start (the Go client writes an unlabelled
 * metric even when zero); a labelled one writes only the children that were asked for.
 *
 * @param <C> the child type, which holds the values
 */
public abstract sealed class Family<C> permits Counter, Gauge, Histogram {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Comparator<List<String>> VALUE_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, C> children = new ConcurrentHashMap<>();
    private final Supplier<C> newChild;

    Family(String name, String help, List<String> labelNames, Supplier<C> newChild) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name \"" + name + "\" does not match " + NAME);
        }
        for (String l : labelNames) {
            if (!LABEL.matcher(l).matches() || l.startsWith("__") || l.equals("le")) {
                throw new IllegalArgumentException("metric " + name + ": label name \"" + l + "\" does not match "
                        + LABEL + " or is reserved (__*, le)");
            }
        }
        this.name = name;
        this.help = help;
        this.labelNames = List.copyOf(labelNames);
        this.newChild = newChild;
        if (labelNames.isEmpty()) {
            children.put(List.of(), newChild.get());
        }
    }

    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    public List<String> labelNames() {
        return labelNames;
    }

    public abstract MetricType type();

    /** The child for these label values, in the order of {@link #labelNames}; created on first use. */
    public C labels(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException("metric " + name + " has labels " + labelNames + "; got "
                    + values.length + " values " + Arrays.toString(values));
        }
        return children.computeIfAbsent(List.of(values), v -> newChild.get());
    }

    /** Forgets the child for these label values (a pump that went away). */
    public void remove(String... values) {
        children.remove(List.of(values));
    }

    /** Children sorted by label values, as the Go client writes them. */
    List<Map.Entry<List<String>, C>> sortedChildren() {
        List<Map.Entry<List<String>, C>> out = new ArrayList<>(children.entrySet());
        out.sort(Map.Entry.comparingByKey(VALUE_ORDER));
        return out;
    }

    /** Appends this family's samples, one line each, without the HELP and TYPE lines. */
    abstract void writeSamples(TextWriter w);
}
