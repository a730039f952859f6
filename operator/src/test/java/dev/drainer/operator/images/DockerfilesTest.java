package dev.drainer.operator.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Defaults;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.RecoveryJob;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The images cannot be built here (no Docker engine), so their contracts with the rest of the repository are
 * checked instead: the files they copy are the ones the build produces, the launcher the operator's pods run is on
 * the image's PATH, the user is the uid the operator runs pods as, and .dockerignore lets every source through.
 */
class DockerfilesTest {
    private static final Path REPO = Path.of(System.getProperty("drainer.crds.dir", "../crds")).toAbsolutePath()
            .normalize().getParent();

    @Test
    void theDrainerImageCopiesTheLauncherAndTheShadedJarTheBuildProduces() throws IOException {
        Dockerfile f = Dockerfile.read(REPO.resolve("images/drainer/Dockerfile"));
        assertTrue(Files.isRegularFile(REPO.resolve("bin/drainer")), "bin/drainer");
        String launcher = f.destinationOf("bin/drainer");
        String jar = f.destinationOf("drainer-runtime/" + shadedJar());
        assertEquals(jar, f.env().get("DRAINER_JAR"), "DRAINER_JAR must point at the copied shaded jar");
        assertTrue(Files.readString(REPO.resolve("bin/drainer")).contains("${DRAINER_JAR:-"),
                "bin/drainer must let DRAINER_JAR override its jar");
        assertEquals(List.of(launcher), f.exec("ENTRYPOINT").subList(0, 1), "ENTRYPOINT runs the launcher");
        f.sources().forEach(s -> assertIgnoredNot(s));
    }

    @Test
    void thePodAndTheRecoveryJobRunACommandOnTheImagesPath() throws IOException {
        Dockerfile f = Dockerfile.read(REPO.resolve("images/drainer/Dockerfile"));
        String launcher = f.destinationOf("bin/drainer");
        Drainer d = Fixtures.drainer("ns", "main");
        Container pod = DesiredObjects.build(d, d.getSpec(), d.getSpec().state, "toml", "hash").statefulSet()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        Container job = RecoveryJob.build(d, d.getSpec(), "toml", 1, "7").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        for (Container c : List.of(pod, job)) {
            String command = c.getCommand().get(0);
            String resolved = command.startsWith("/") ? command : f.onPath(command);
            assertEquals(launcher, resolved, "`" + command + "` of container " + c.getName() + " on the image's PATH "
                    + f.env().get("PATH"));
        }
    }

    @Test
    void theDrainerImageRunsAsTheUidTheOperatorGivesItsPods() throws IOException {
        Dockerfile f = Dockerfile.read(REPO.resolve("images/drainer/Dockerfile"));
        assertEquals(Defaults.UID + ":" + Defaults.UID, f.user());
        Drainer d = Fixtures.drainer("ns", "main");
        var podSecurity = DesiredObjects.build(d, d.getSpec(), d.getSpec().state, "toml", "hash").statefulSet()
                .getSpec().getTemplate().getSpec().getSecurityContext();
        assertEquals(f.user(), podSecurity.getRunAsUser() + ":" + podSecurity.getRunAsGroup());
    }

    @Test
    void theOperatorImageCopiesTheFastJarAndRunsAsNonRoot() throws IOException {
        Dockerfile f = Dockerfile.read(REPO.resolve("images/operator/Dockerfile"));
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(REPO.resolve("operator/src/main/resources/application.properties"))) {
            props.load(in);
        }
        // The layout copied below is the fast-jar's; another package type would leave quarkus-app/ empty.
        assertEquals("fast-jar", props.getProperty("quarkus.package.jar.type", "fast-jar"));
        for (String part : List.of("lib/", "quarkus-run.jar", "app/", "quarkus/")) {
            f.destinationOf("operator/target/quarkus-app/" + part);
        }
        List<String> entrypoint = f.exec("ENTRYPOINT");
        assertEquals(f.destinationOf("operator/target/quarkus-app/quarkus-run.jar"),
                entrypoint.get(entrypoint.indexOf("-jar") + 1));
        String uid = f.user().split(":")[0];
        assertNotEquals("0", uid);
        assertFalse(uid.isEmpty() || uid.equals("root"), "USER " + f.user());
        f.sources().forEach(s -> assertIgnoredNot(s));
    }

    /** .dockerignore excludes everything and re-includes what the images copy; a missing line breaks the build. */
    private static void assertIgnoredNot(String source) {
        List<String> lines;
        try {
            lines = Files.readAllLines(REPO.resolve(".dockerignore"));
        } catch (IOException e) {
            throw new AssertionError(".dockerignore", e);
        }
        boolean included = lines.stream().map(String::strip).filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1)).anyMatch(p -> source.equals(p) || source.startsWith(p.endsWith("/") ? p
                        : p + "/"));
        assertTrue(included, ".dockerignore must re-include " + source + " (a `!` line)");
    }

    /**
     * drainer-runtime's shaded jar under target/: its pom names the jar and declares the shade plugin, whose
     * output file the root pom's pluginManagement configures for every runnable module.
     */
    private static String shadedJar() throws IOException {
        String pom = Files.readString(REPO.resolve("drainer-runtime/pom.xml"), StandardCharsets.UTF_8);
        String root = Files.readString(REPO.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
        Matcher output = Pattern.compile("<outputFile>([^<]+)</outputFile>").matcher(root);
        assertTrue(finalName.find() && pom.contains("<artifactId>maven-shade-plugin</artifactId>"),
                "drainer-runtime/pom.xml: finalName and the shade plugin");
        assertTrue(output.find(), "pom.xml: the shade plugin's outputFile in pluginManagement");
        return output.group(1).replace("${project.build.finalName}", finalName.group(1))
                .replace("${project.build.directory}", "target");
    }

    /** The few Dockerfile instructions these checks read, with ARG values substituted. */
    private record Dockerfile(Path path, List<String[]> instructions) {
        static Dockerfile read(Path path) throws IOException {
            List<String[]> out = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String raw : Files.readAllLines(path)) {
                String l = raw.strip();
                if (l.startsWith("#") || l.isEmpty() && line.isEmpty()) {
                    continue;
                }
                if (l.endsWith("\\")) {
                    line.append(l, 0, l.length() - 1).append(' ');
                    continue;
                }
                line.append(l);
                String full = line.toString().strip();
                line.setLength(0);
                int space = full.indexOf(' ');
                out.add(new String[] {full.substring(0, space).toUpperCase(), full.substring(space + 1).strip()});
            }
            Map<String, String> args = new LinkedHashMap<>();
            List<String[]> resolved = new ArrayList<>();
            for (String[] i : out) {
                String value = i[1];
                for (Map.Entry<String, String> a : args.entrySet()) {
                    value = value.replace("${" + a.getKey() + "}", a.getValue());
                }
                if (i[0].equals("ARG") && value.contains("=")) {
                    args.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                }
                resolved.add(new String[] {i[0], value});
            }
            return new Dockerfile(path, resolved);
        }

        /** Where a COPY puts {@code source} (a directory source ends with '/'); fails when nothing copies it. */
        String destinationOf(String source) {
            for (String[] i : instructions) {
                String[] words = i[1].split("\\s+");
                if (i[0].equals("COPY") && words.length == 2 && !words[0].startsWith("--") && words[0].equals(source)) {
                    return words[1];
                }
            }
            throw new AssertionError(path + " copies no " + source);
        }

        List<String> sources() {
            return instructions.stream().filter(i -> i[0].equals("COPY")).map(i -> i[1].split("\\s+")[0]).toList();
        }

        /** ENV as a map; `ENV A=x B="y z"` and the PATH's ${PATH} reference left as written. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Pattern m = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");
            for (String[] i : instructions) {
                if (i[0].equals("ENV")) {
                    Matcher pair = m.matcher(i[1]);
                    while (pair.find()) {
                        env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
                    }
                }
            }
            return env;
        }

        /** The JSON exec form of ENTRYPOINT or CMD. */
        List<String> exec(String instruction) {
            String value = instructions.stream().filter(i -> i[0].equals(instruction)).reduce((a, b) -> b)
                    .map(i -> i[1]).orElseThrow(() -> new AssertionError(path + " has no " + instruction));
            assertTrue(value.startsWith("[") && value.endsWith("]"), instruction + " must use the exec form: " + value);
            List<String> out = new ArrayList<>();
            Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(value);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }

        String user() {
            return instructions.stream().filter(i -> i[0].equals("USER")).reduce((a, b) -> b).map(i -> i[1])
                    .orElseThrow(() -> new AssertionError(path + " has no USER: it would run as root"));
        }

        /** The copied file {@code command} resolves to through the image's own PATH entries. */
        String onPath(String command) {
            String path = env().getOrDefault("PATH", "");
            for (String dir : path.split(":")) {
                String candidate = dir + "/" + command;
                if (instructions.stream().anyMatch(i -> i[0].equals("COPY") && i[1].endsWith(" " + candidate))) {
                    return candidate;
                }
            }
            throw new AssertionError("no COPY puts `" + command + "` in a PATH directory of " + path);
        }
    }
}
