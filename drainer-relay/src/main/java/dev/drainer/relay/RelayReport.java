package dev.drainer.relay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The result of {@link RelayInspector}: one {@link FileReport} per data file plus totals, printable with
 * {@link #toText()}.
 *
 * @param directory         the inspected directory
 * @param locked            whether the inspection held the directory lock (false for
 *                          {@link RelayInspector#inspectWithoutLock(Path)})
 * @param files             per-file results, lowest index first
 * @param contiguityProblem the contiguity violation, if any (the reader and writer would refuse to open)
 */
public record RelayReport(Path directory, boolean locked, List<FileReport> files,
                          Optional<String> contiguityProblem) {

    public RelayReport {
        files = List.copyOf(files);
    }

    /**
     * One data file.
     *
     * @param name                    file name
     * @param index                   index parsed from the name
     * @param size                    size in bytes when inspected
     * @param last                    whether it is the newest file (where a torn tail is tolerated)
     * @param vanished                the file disappeared between listing and reading (GC by a live writer)
     * @param records                 complete records (CRC valid or not) found
     * @param minCommitTs             smallest {@code commit_ts} of the parsable payloads
     * @param maxCommitTs             largest {@code commit_ts} of the parsable payloads
     * @param parseFailures           payloads the inspector's {@link RelayInspector.PayloadCheck} refused
     * @param firstParseFailureOffset start offset of the first of them, -1 if none
     * @param firstParseFailure       why the first of them was refused, empty if none
     * @param crcFailures             records whose CRC does not match (fatal for the reader)
     * @param firstCrcFailureOffset   start offset of the first of them, -1 if none
     * @param skippedRegions          magic resynchronisations (garbage skipped, as the reader would)
     * @param skippedBytes            bytes inside those regions
     * @param partialOffset           start offset of a partial record at the end of the file, -1 if none
     * @param partialBytes            bytes from {@code partialOffset} to the end of the file
     * @param partialDetail           why the record is partial
     */
    public record FileReport(String name, long index, long size, boolean last, boolean vanished, long records,
                             OptionalLong minCommitTs, OptionalLong maxCommitTs, long parseFailures,
                             long firstParseFailureOffset, String firstParseFailure, long crcFailures,
                             long firstCrcFailureOffset, long skippedRegions, long skippedBytes, long partialOffset,
                             long partialBytes, String partialDetail) {

        /** Whether every complete record has a matching CRC. */
        public boolean crcOk() {
            return crcFailures == 0;
        }

        /** Whether the reader reads this file to its end without error (a torn tail of the newest file is fine). */
        public boolean readable() {
            return !vanished && crcFailures == 0 && parseFailures == 0 && (partialOffset < 0 || last);
        }

        /** A short verdict: {@code ok} or the problems found, separated by "; ". */
        public String status() {
            if (vanished) {
                return "deleted during inspection";
            }
            List<String> p = new ArrayList<>();
            if (crcFailures > 0) {
                p.add("CRC MISMATCH x" + crcFailures + " first@" + firstCrcFailureOffset);
            }
            if (parseFailures > 0) {
                p.add("UNPARSABLE PAYLOAD x" + parseFailures + " first@" + firstParseFailureOffset + " ("
                        + firstParseFailure + ")");
            }
            if (partialOffset >= 0) {
                p.add(last ? "torn tail@" + partialOffset + " (" + partialBytes + " bytes, tolerated)"
                        : "PARTIAL RECORD@" + partialOffset + " in non-last file (" + partialBytes + " bytes)");
            }
            if (skippedRegions > 0) {
                p.add("garbage skipped x" + skippedRegions + " (" + skippedBytes + " bytes)");
            }
            return p.isEmpty() ? "ok" : String.join("; ", p);
        }
    }

    public long totalFiles() {
        return files.size();
    }

    public long totalBytes() {
        return files.stream().mapToLong(FileReport::size).sum();
    }

    public long totalRecords() {
        return files.stream().mapToLong(FileReport::records).sum();
    }

    public long totalCrcFailures() {
        return files.stream().mapToLong(FileReport::crcFailures).sum();
    }

    public long totalParseFailures() {
        return files.stream().mapToLong(FileReport::parseFailures).sum();
    }

    public long totalSkippedRegions() {
        return files.stream().mapToLong(FileReport::skippedRegions).sum();
    }

    public OptionalLong minCommitTs() {
        return files.stream().map(FileReport::minCommitTs).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
    }

    public OptionalLong maxCommitTs() {
        return files.stream().map(FileReport::maxCommitTs).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max();
    }

    /** True when the directory is contiguous and every file is {@link FileReport#readable()}. */
    public boolean ok() {
        return contiguityProblem.isEmpty() && files.stream().allMatch(FileReport::readable);
    }

    /** A fixed-width text table with a header, one row per file, a total row and the verdict. */
    public String toText() {
        String[] head = {"FILE", "SIZE", "RECORDS", "MIN-COMMIT-TS", "MAX-COMMIT-TS", "CRC", "STATUS"};
        List<String[]> rows = new ArrayList<>();
        for (FileReport f : files) {
            rows.add(new String[] {f.name(), Long.toString(f.size()), Long.toString(f.records()),
                ts(f.minCommitTs()), ts(f.maxCommitTs()), f.vanished() ? "-" : f.crcOk() ? "ok" : "FAIL",
                f.status()});
        }
        String[] total = {"TOTAL (" + files.size() + " files)", Long.toString(totalBytes()),
            Long.toString(totalRecords()), ts(minCommitTs()), ts(maxCommitTs()),
            totalCrcFailures() == 0 ? "ok" : "FAIL", ok() ? "ok" : "PROBLEMS"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = Math.max(head[i].length(), total[i].length());
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("relay directory ").append(directory).append(locked ? " (locked)" : " (not locked)").append('\n');
        row(sb, head, w);
        for (String[] r : rows) {
            row(sb, r, w);
        }
        row(sb, total, w);
        contiguityProblem.ifPresent(p -> sb.append("CONTIGUITY: ").append(p).append('\n'));
        sb.append(ok() ? "verdict: ok" : "verdict: the reader would fail or skip data").append('\n');
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    private static String ts(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
    }

    private static void row(StringBuilder sb, String[] cells, int[] w) {
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i >= 1 && i <= 4;
            String c = cells[i];
            if (i == cells.length - 1) {
                sb.append(c);
            } else if (numeric) {
                sb.append(" ".repeat(w[i] - c.length())).append(c).append("  ");
            } else {
                sb.append(c).append(" ".repeat(w[i] - c.length())).append("  ");
            }
        }
        sb.append('\n');
    }
}
