package dev.drainer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.runtime.cli.ExitCode;
import dev.drainer.runtime.cli.Main;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.process.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code drainer demo} through the launcher's {@link Main}, on a small workload, and its flag errors. */
@ExtendWith(MariaDbExtension.class)
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aSmallDemoTellsTheWholeStoryAndPasses(MariaDb db) throws Exception {
        try (ChildJvm demo = ChildJvm.builder(Main.class)
                .args("demo", "-transactions=400", "-kill-at-chunk=150", "-rate=300", "-pumps=2")
                .env(MariaDb.EXTERNAL_URL_ENV, "mysql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port())
                .outputFile(tmp.resolve("demo.out")).start()) {
            assertEquals(0, demo.awaitExit(Duration.ofMinutes(3)), demo.tail(40));
            List<String> out = demo.output();
            String all = String.join("\n", out);
            for (String step : List.of("[1/7]", "[2/7]", "[3/7]", "[4/7]", "[5/7]", "[6/7]", "[7/7]")) {
                assertTrue(out.stream().anyMatch(l -> l.startsWith(step)), step + " missing:\n" + all);
            }
            assertTrue(out.stream().anyMatch(l -> l.contains("rows/s") && l.contains("lag")), "progress lines:\n" + all);
            assertTrue(out.stream().anyMatch(l -> l.contains("consistent=false")), "the kill leaves consistent=false:\n" + all);
            assertTrue(out.stream().anyMatch(l -> l.contains("is torn") || l.contains("landed at a consistent point")),
                    "the downstream after the kill is judged:\n" + all);
            assertTrue(out.stream().anyMatch(l -> l.startsWith("PASS in ")), all);
        }
    }

    @Test
    void flagErrorsNameTheFlagAndTheKnownOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        DemoCommand demo = new DemoCommand();
        assertEquals(ExitCode.FATAL, demo.run(List.of("-speed=3"), Map.of(), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown flag -speed=3 (known: -seed=N"), err.toString());
        err.reset();
        assertEquals(ExitCode.FATAL, demo.run(List.of("-rate=0"), Map.of(), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("flag -rate=0 needs a whole number from 1"), err.toString());
        err.reset();
        assertEquals(ExitCode.FATAL, demo.run(List.of("-transactions=many"), Map.of(), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("flag -transactions=many needs a whole number"), err.toString());
    }
}
