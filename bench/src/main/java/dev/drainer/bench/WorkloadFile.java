package dev.drainer.bench;

import dev.drainer.proto.secondary.SecondaryBinlog;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pre-generated workload on disk: serialized secondary binlogs, each behind its 4-byte length. Phases
 * stream it, so generating costs nothing during a measurement and no workload is held in memory.
 */
final class WorkloadFile {
    private static final int BUFFER = 1 << 20;

    private WorkloadFile() {
    }

    /** Appends binlogs to a new file. */
    static final class Writer implements Closeable {
        private final DataOutputStream out;
        private long bytes;

        Writer(Path file) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
        }

        void append(SecondaryBinlog.Binlog binlog) throws IOException {
            byte[] b = binlog.toByteArray();
            out.writeInt(b.length);
            out.write(b);
            bytes += b.length;
        }

        /** Payload bytes written (what a relay log of this workload holds, without framing). */
        long payloadBytes() {
            return bytes;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads the serialized binlogs back in order. */
    static final class Reader implements Closeable {
        private final Path file;
        private final DataInputStream in;

        Reader(Path file) throws IOException {
            this.file = file;
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
        }

        /** The next serialized binlog, or null at the end. */
        byte[] next() throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException end) {
                return null;
            }
            if (length < 0) {
                throw new IOException(file + ": negative record length " + length);
            }
            byte[] b = new byte[length];
            in.readFully(b);
            return b;
        }

        /** The next binlog, parsed, or null at the end. */
        SecondaryBinlog.Binlog nextBinlog() throws IOException {
            byte[] b = next();
            return b == null ? null : SecondaryBinlog.Binlog.parseFrom(b);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
