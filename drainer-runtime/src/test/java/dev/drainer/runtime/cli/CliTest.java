package dev.drainer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.relay.RelayOptions;
import dev.drainer.relay.RelayWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract that needs no database. */
class CliTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ExitCode drainer(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), Map.of(), new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void helpVersionAndUnknownSubcommands() {
        assertEquals(ExitCode.OK, drainer("help"));
        assertTrue(out.toString().contains("recover") && out.toString().contains("relay"), out.toString());
        assertEquals(ExitCode.OK, drainer("-V"));
        assertTrue(out.toString().startsWith("drainer "), out.toString());
        assertEquals(ExitCode.OK, drainer("-h"));
        assertTrue(out.toString().contains("-config"), out.toString());
        assertEquals(ExitCode.FATAL, drainer("frobnicate"));
        assertTrue(err.toString().contains("unknown subcommand 'frobnicate'"), err.toString());
    }

    @Test
    void runValidatesTheConfigurationBeforeAnythingElse() throws Exception {
        // A valid one goes on to PD and the shipped TiKV history reader: DrainerRunEndToEndTest runs that.
        Path cfg = tmp.resolve("drainer.toml");
        Files.writeString(cfg, "[syncer]\nworker-count = 4\nbogus = 1\n");
        assertEquals(ExitCode.FATAL, drainer("-config=" + cfg));
        assertTrue(err.toString().contains("syncer.bogus") && err.toString().contains("line 3"), err.toString());
    }

    @Test
    void relayInspectionListsFilesAndFailsOnCorruption() throws Exception {
        Path dir = tmp.resolve("relay");
        try (RelayWriter w = RelayWriter.open(dir, RelayOptions.builder().maxFileSize(64).build())) {
            for (int i = 0; i < 3; i++) {
                w.append(dev.drainer.proto.secondary.SecondaryBinlog.Binlog.newBuilder().setCommitTs(100 + i)
                        .setTimeZone("+00:00").build().toByteArray());
            }
        }
        assertEquals(ExitCode.OK, drainer("relay", "-relay-log-dir", dir.toString()));
        assertTrue(out.toString().contains("binlog-0000000000000000") && out.toString().contains("102"), out.toString());
        Path first = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("binlog-0000000000000000")).findFirst().orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.seek(13);
            f.write(f.read() ^ 0x55);
        }
        assertEquals(ExitCode.FATAL, drainer("relay", "-relay-log-dir=" + dir, "-no-lock"));
        assertEquals(ExitCode.FATAL, drainer("relay"));
        assertTrue(err.toString().contains("-relay-log-dir"), err.toString());
    }

    @Test
    void relayInspectionRefusesAPayloadRecoveryCouldNotReplay() throws Exception {
        Path dir = tmp.resolve("relay");
        try (RelayWriter w = RelayWriter.open(dir, RelayOptions.builder().build())) {
            w.append(dev.drainer.proto.secondary.SecondaryBinlog.Binlog.newBuilder().setCommitTs(100)
                    .setTimeZone("+00:00").build().toByteArray());
            // type 7 (field 1), commit_ts 101 (field 2): the generated parser takes it for a DML binlog, as the type
            // is unknown; recovery refuses it.
            w.append(new byte[] {0x08, 0x07, 0x10, 0x65});
        }
        assertEquals(ExitCode.FATAL, drainer("relay", "-relay-log-dir", dir.toString()));
        assertTrue(out.toString().contains("UNPARSABLE PAYLOAD x1 first@") && out.toString().contains("type 7"),
                out.toString());
    }

    @Test
    void recoverWithAnUnusableRelayDirectoryIsFatalBeforeTouchingTheDownstream() throws Exception {
        Path file = tmp.resolve("not-a-dir");
        Files.writeString(file, "x");
        Path cfg = tmp.resolve("drainer.toml");
        // Port 1: nothing listens; the relay problem must be reported without any downstream access.
        Files.writeString(cfg, "[syncer.relay]\nlog-dir = \"" + file + "\"\n[syncer.to]\nhost = \"127.0.0.1\"\nport = 1\n");
        ExitCode code = drainer("recover", "-config", cfg.toString());
        assertEquals(ExitCode.FATAL, code, err.toString());
        assertTrue(err.toString().contains(file.toString()), err.toString());
    }
}
