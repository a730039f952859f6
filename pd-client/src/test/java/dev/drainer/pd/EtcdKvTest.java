package dev.drainer.pd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class EtcdKvTest {
    @Test
    void prefixEndIncrementsTheLastByteBelow0xff() {
        assertEquals(ByteString.copyFromUtf8("/a/c"), EtcdKv.prefixEnd(ByteString.copyFromUtf8("/a/b")));
        assertEquals(ByteString.copyFrom(new byte[] {'a', 2}),
                EtcdKv.prefixEnd(ByteString.copyFrom(new byte[] {'a', 1, (byte) 0xff, (byte) 0xff})));
        assertEquals(ByteString.copyFrom(new byte[] {0}), EtcdKv.prefixEnd(ByteString.copyFrom(new byte[] {(byte) 0xff})));
    }
}
