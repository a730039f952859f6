package dev.drainer.testkit.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Crash points, child side: code calls {@code hook.accept("name")} at interesting places; on the
 * chosen hit the child prints {@code CRASHPOINT <name> <n>}, flushes and parks forever, so the parent
 * ({@link ChildJvm#killAtCrashPoint}) can SIGKILL it exactly there.
 *
 * <p>Choose points with system property {@value #PROPERTY}: {@code <name>#<n>} (the n-th hit, 1-based,
 * of point {@code name}), several separated by commas. Once one point triggers, every later hit of any
 * point parks too, so the process makes as little progress as possible before the kill.
 *
 * <p>{@code <first>#<n>><then>#<m>} is a chained point: the m-th hit of {@code then} counted from
 * the n-th hit of {@code first} on, e.g. the first checkpoint save after the fifth DDL, whose
 * absolute hit number depends on timing.
 */
public final class CrashPoint {
    /** The system property naming the crash point(s). */
    public static final String PROPERTY = "drainer.crashpoint";
    /** The first word of the marker line. */
    public static final String MARKER = "CRASHPOINT";

    private static final Consumer<String> NONE = name -> { };
    private static Consumer<String> fromProperty;

    private CrashPoint() {
    }

    /**
     * The process-wide hook configured by {@value #PROPERTY} (one instance, so every caller shares the
     * hit counters); a no-op when the property is unset or blank.
     */
    public static synchronized Consumer<String> fromSystemProperty() {
        if (fromProperty == null) {
            fromProperty = of(System.getProperty(PROPERTY));
        }
        return fromProperty;
    }

    /**
     * A new hook (own hit counters) for a specification {@code name#n[,name#n…]} or a chain
     * {@code first#n>then#m}; a no-op for null or blank.
     */
    public static Consumer<String> of(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        int arrow = spec.indexOf('>');
        Map<String, Integer> arm = arrow < 0 ? Map.of() : parse(spec.substring(0, arrow));
        Map<String, Integer> targets = parse(arrow < 0 ? spec : spec.substring(arrow + 1));
        if (arm.size() > 1 || (arrow >= 0 && targets.size() != 1)) {
            throw new IllegalArgumentException(PROPERTY + ": a chain is <first>#<n>><then>#<m>, got " + spec);
        }
        Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
        AtomicInteger armHits = new AtomicInteger();
        AtomicBoolean armed = new AtomicBoolean(arm.isEmpty());
        AtomicBoolean triggered = new AtomicBoolean();
        return name -> {
            if (triggered.get()) {
                parkForever();
            }
            if (!armed.get()) {
                Integer armAt = arm.get(name);
                if (armAt != null && armHits.incrementAndGet() == armAt) {
                    armed.set(true);
                }
                // The arming hit itself counts towards the target when both are the same point.
                if (!armed.get() || !targets.containsKey(name)) {
                    return;
                }
            }
            Integer target = targets.get(name);
            if (target == null) {
                return;
            }
            int n = hits.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            if (n == target && triggered.compareAndSet(false, true)) {
                System.out.println(marker(name, n));
                System.out.flush();
                parkForever();
            }
        };
    }

    /** The property value for the n-th hit (1-based) of point {@code name}. */
    public static String spec(String name, int n) {
        if (name.contains("#") || name.contains(",") || name.contains(">") || name.isBlank() || n < 1) {
            throw new IllegalArgumentException("crash point " + name + "#" + n);
        }
        return name + "#" + n;
    }

    /** The property value for the m-th hit of {@code then} counted from the n-th hit of {@code first}. */
    public static String after(String first, int n, String then, int m) {
        return spec(first, n) + ">" + spec(then, m);
    }

    /** The marker line printed when point {@code name} is hit the n-th time. */
    public static String marker(String name, int n) {
        return MARKER + " " + name + " " + n;
    }

    static Map<String, Integer> parse(String spec) {
        Map<String, Integer> targets = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int hash = p.lastIndexOf('#');
            if (hash <= 0) {
                throw new IllegalArgumentException(PROPERTY + ": expected <name>#<n>, got " + p);
            }
            int n = Integer.parseInt(p.substring(hash + 1).trim());
            if (n < 1) {
                throw new IllegalArgumentException(PROPERTY + ": hit numbers start at 1, got " + p);
            }
            targets.put(p.substring(0, hash).trim(), n);
        }
        return targets;
    }

    private static void parkForever() {
        // Interrupts are ignored on purpose: the only way out is the parent's SIGKILL.
        while (true) {
            LockSupport.park(CrashPoint.class);
        }
    }
}
