package dev.drainer.operator.observe;

import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.checkpoint.TlsMaterial;
import dev.drainer.pd.GrpcTls;

/**
 * TLS files written from a Secret.
 *
 * @param secret {@code namespace/name} of the Secret, for messages
 */
public record SecretTls(String secret, TlsFiles files) {
    /**
     * The files as gRPC client TLS (PD, its etcd), read now, as the drainer reads its {@code [security]} files.
     *
     * @throws IllegalArgumentException a file is not what its role needs (the message names the Secret and the file)
     */
    public GrpcTls grpcTls() {
        try {
            TlsMaterial m = TlsMaterial.read(files);
            return GrpcTls.of(m.trustManagers(), m.keyManagers(), "Secret " + secret + ": " + m.describe());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS Secret " + secret + ": " + e.getMessage(), e);
        }
    }
}
