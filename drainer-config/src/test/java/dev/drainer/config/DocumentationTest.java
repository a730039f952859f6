package dev.drainer.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** docs/configuration.md must mention every key and flag of the registry (skipped outside the reactor). */
class DocumentationTest {
    @Test
    void everyKeyAndFlagIsDocumented() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        Assumptions.assumeTrue(Files.exists(doc), "docs/configuration.md not found");
        String text = Files.readString(doc);
        for (String key : Settings.tomlKeys()) {
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            assertTrue(text.contains("`" + leaf + "`") || text.contains("`" + leaf + ".<name>`")
                    || text.contains(" " + leaf + "`") || text.contains("`" + leaf + ","), key);
        }
        for (FlagSpec f : Flags.all()) {
            assertTrue(text.contains("`-" + f.name() + "`"), "-" + f.name());
        }
    }
}
