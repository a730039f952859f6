package dev.drainer.relay;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay data file name and its index.
 *
 * <p>Written as {@code binlog-%016d-YYYYMMDDhhmmss} (16-digit zero-padded index, local date-time at creation).
 * Accepted when reading: that form, {@code binlog-<16 digits>}, and {@code binlog-<16d>-<datetime>-<ts>.<ext>}.
 * Ignored: names ending in {@code checkpoint} or {@code .lock}, names ending in {@code .tmp}, anything that does not
 * parse, and anything that is not a regular file.
 */
public record RelayFileName(long index, String name) implements Comparable<RelayFileName> {

    private static final Pattern NAME = Pattern.compile("binlog-(\\d{16})(?:-\\d{14}(?:-\\d+\\.[A-Za-z0-9_]+)?)?");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** Largest index a 16-digit name can carry. */
    public static final long MAX_INDEX = 9_999_999_999_999_999L;

    /** {@code binlog-<index>-<time>}. */
    public static String format(long index, LocalDateTime time) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("relay file index out of range: " + index);
        }
        return String.format("binlog-%016d-%s", index, TIME.format(time));
    }

    /** The name for a new file with {@code index}, stamped with the clock's local date-time. */
    public static RelayFileName create(long index, Clock clock) {
        return new RelayFileName(index, format(index, LocalDateTime.now(clock)));
    }

    /** Parses a directory entry name; empty for names that are not relay data files. */
    public static Optional<RelayFileName> parse(String name) {
        if (name.endsWith("checkpoint") || name.endsWith(".lock") || name.endsWith(".tmp")) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RelayFileName(Long.parseLong(m.group(1)), name));
    }

    @Override
    public int compareTo(RelayFileName o) {
        int c = Long.compare(index, o.index);
        return c != 0 ? c : name.compareTo(o.name);
    }

    /** The data files of {@code dir}, sorted by index. Does not check contiguity. */
    public static List<RelayFileName> list(Path dir) throws IOException {
        List<RelayFileName> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                Optional<RelayFileName> f = parse(n);
                if (f.isEmpty()) {
                    if (!n.equals(".lock") && !n.endsWith(".tmp") && !n.endsWith("checkpoint")) {
                        RelayLog.log(System.Logger.Level.DEBUG, "relay ignoring unparsable entry", "dir", dir, "name", n);
                    }
                    continue;
                }
                if (!Files.isRegularFile(p)) {
                    RelayLog.log(System.Logger.Level.WARNING, "relay ignoring non-regular entry", "dir", dir, "name", n);
                    continue;
                }
                out.add(f.get());
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Checks that the indices of {@code files} (sorted) are contiguous and unique, starting anywhere (GC removes the
     * lowest files). Unlike the Go drainer the check also applies after index 0.
     */
    public static void checkContiguous(Path dir, List<RelayFileName> files) throws RelayException {
        for (int i = 1; i < files.size(); i++) {
            RelayFileName prev = files.get(i - 1);
            RelayFileName cur = files.get(i);
            if (cur.index == prev.index) {
                throw new RelayException(dir, "relay files share an index dir=" + dir + " index=" + cur.index
                        + " files=" + prev.name + "," + cur.name);
            }
            if (cur.index != prev.index + 1) {
                throw new RelayException(dir, "relay files are not contiguous dir=" + dir + " after=" + prev.name
                        + " next=" + cur.name + " missing_index=" + (prev.index + 1));
            }
        }
    }
}
