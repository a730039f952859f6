package dev.drainer.operator.observe;

import dev.drainer.checkpoint.TlsFiles;

/**
 * TLS files written from a Secret.
 *
 * @param secret {@code namespace/name} of the Secret, for messages
 */
public record SecretTls(String secret, TlsFiles files) {
}
