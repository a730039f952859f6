package dev.drainer.runtime.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, written from the format's grammar for the
 * tests: every line must be HELP, TYPE or a sample of the family last declared.
 */
final class ExpositionParser {
    record Sample(String name, Map<String, String> labels, String value) {
    }

    record ParsedFamily(String name, String help, String type, List<Sample> samples) {
    }

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

    private ExpositionParser() {
    }

    static Map<String, ParsedFamily> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition does not end with a newline");
        }
        Map<String, ParsedFamily> out = new LinkedHashMap<>();
        String help = null;
        ParsedFamily current = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                help = m.group(2);
                current = null;
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (help == null || out.containsKey(m.group(1))) {
                    throw new IllegalArgumentException("TYPE without a preceding HELP, or repeated: " + line);
                }
                current = new ParsedFamily(m.group(1), help, m.group(2), new ArrayList<>());
                out.put(current.name(), current);
                help = null;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                if (current == null || !m.group(1).startsWith(current.name())) {
                    throw new IllegalArgumentException("sample outside its family: " + line);
                }
                current.samples().add(new Sample(m.group(1), labels(m.group(3) == null ? "" : m.group(3)), m.group(4)));
            } else {
                throw new IllegalArgumentException("not a HELP, TYPE or sample line: " + line);
            }
        }
        return out;
    }

    private static Map<String, String> labels(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(s);
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("bad label list at " + at + ": " + s);
            }
            out.put(m.group(1), m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
            at = m.end();
        }
        return out;
    }
}
