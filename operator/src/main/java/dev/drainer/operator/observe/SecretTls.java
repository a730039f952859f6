package dev.drainer.operator.observe;

import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.checkpoint.TlsMaterial;
import dev.drainer.pd.GrpcTls;
import javax.net.ssl.SSLContext;

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
        TlsMaterial m = material();
        return GrpcTls.of(m.trustManagers(), m.keyManagers(), "Secret " + secret + ": " + m.describe());
    }

    /**
     * The files as an HTTPS client context (the drainer's own port), read now.
     *
     * @throws IllegalArgumentException as {@link #grpcTls()}
     */
    public SSLContext sslContext() {
        return material().sslContext();
    }

    private TlsMaterial material() {
        try {
            return TlsMaterial.read(files);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS Secret " + secret + ": " + e.getMessage(), e);
        }
    }
}
