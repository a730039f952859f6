package dev.drainer.pd;

import java.nio.charset.StandardCharsets;

/**
 * One etcd key-value pair (compared by identity: it holds an array) with its revisions (etcd mvccpb.KeyValue).
 *
 * @param createRevision store revision of the key's creation
 * @param modRevision    store revision of its last write
 * @param version        writes since creation, 1 for a new key
 */
public record KvEntry(String key, byte[] value, long createRevision, long modRevision, long version) {
    public KvEntry {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value as UTF-8 text (registry records are JSON). */
    public String valueText() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KvEntry[key=" + key + ", value=" + valueText() + ", createRevision=" + createRevision
                + ", modRevision=" + modRevision + ", version=" + version + "]";
    }
}
