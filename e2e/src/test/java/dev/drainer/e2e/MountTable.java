package dev.drainer.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's volume mounts as local directories: there is no container here, so a path inside the container
 * is translated to the directory that stands for its volume (the longest mount path that contains it wins).
 */
final class MountTable {
    private static final Pattern QUOTED = Pattern.compile("\"(/[^\"]*)\"");
    private final List<Entry> entries = new ArrayList<>();

    /** One mount: the path in the container and the local directory behind it. */
    record Entry(String mountPath, Path local) {
    }

    void add(String mountPath, Path local) {
        entries.add(new Entry(mountPath.endsWith("/") && mountPath.length() > 1
                ? mountPath.substring(0, mountPath.length() - 1) : mountPath, local));
        entries.sort(Comparator.comparingInt((Entry e) -> e.mountPath().length()).reversed());
    }

    /** {@code path} on the local file system when it lies under a mount; otherwise unchanged. */
    String translate(String path) {
        for (Entry e : entries) {
            if (path.equals(e.mountPath())) {
                return e.local().toString();
            }
            if (path.startsWith(e.mountPath() + "/")) {
                return e.local().resolve(path.substring(e.mountPath().length() + 1)).toString();
            }
        }
        return path;
    }

    /**
     * {@code text} (a file of a mounted ConfigMap, e.g. drainer.toml) with every double-quoted absolute path
     * translated: the configuration names container paths that exist here only as local directories.
     */
    String translateQuoted(String text) {
        Matcher m = QUOTED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("\"" + translate(m.group(1)) + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }
}
