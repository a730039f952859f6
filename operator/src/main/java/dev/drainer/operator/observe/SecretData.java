package dev.drainer.operator.observe;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A Secret's values as the API server returns them (base64 {@code data}) or as written ({@code stringData}). */
public final class SecretData {
    private SecretData() {
    }

    /** The decoded value of {@code key}; empty when the Secret has no such key. */
    public static Optional<byte[]> bytes(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return Optional.of(Base64.getDecoder().decode(secret.getData().get(key)));
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return Optional.of(secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }
}
