package dev.drainer.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM text of {@code [security]} files with the JDK alone: X.509 certificates and unencrypted
 * private keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1
 * ({@code EC PRIVATE KEY}) form, the forms Go's {@code tls.X509KeyPair} accepts. Errors name the file, its
 * role and what was expected.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    /** DER of AlgorithmIdentifier {rsaEncryption, NULL}. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    /** DER of the OID id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");
    private static final Map<String, String> SIGNATURE_BY_KEY = Map.of(
            "RSA", "SHA256withRSA", "EC", "SHA256withECDSA", "EdDSA", "EdDSA", "Ed25519", "Ed25519");

    private Pem() {
    }

    /** A PEM block: its label ({@code CERTIFICATE}, …), whether it has RFC 1421 headers, and its DER bytes. */
    private record Block(String label, boolean headers, byte[] der) {
    }

    /** Every certificate in {@code text}; at least one. */
    static List<X509Certificate> certificates(String text, Path file, String role) {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 support", e);
        }
        for (Block b : blocks(text, file, role)) {
            if (b.label().equals("CERTIFICATE")) {
                try {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                } catch (CertificateException e) {
                    throw problem(file, role, "certificate " + (out.size() + 1) + " is not a valid X.509"
                            + " certificate (" + e.getMessage() + ")");
                }
            }
        }
        if (out.isEmpty()) {
            throw problem(file, role, "no certificate found; expected PEM text with -----BEGIN CERTIFICATE-----");
        }
        return out;
    }

    /** The first private key in {@code text}. */
    static PrivateKey privateKey(String text, Path file, String role) {
        for (Block b : blocks(text, file, role)) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), file, role);
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    if (b.headers()) {
                        throw encrypted(file, role);
                    }
                    return b.label().startsWith("RSA") ? pkcs8(rsaToPkcs8(b.der()), file, role)
                            : pkcs8(ecToPkcs8(b.der(), file, role), file, role);
                case "ENCRYPTED PRIVATE KEY":
                    throw encrypted(file, role);
                default:
                    // OpenSSL puts "EC PARAMETERS" before an EC key; Go skips such blocks too.
            }
        }
        throw problem(file, role, "no private key found; expected PEM text with -----BEGIN PRIVATE KEY-----,"
                + " -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----");
    }

    /** Fails unless {@code key} is the private half of {@code cert}'s public key. */
    static void checkPair(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
        String algorithm = SIGNATURE_BY_KEY.get(key.getAlgorithm());
        if (algorithm == null) {
            throw problem(keyFile, "ssl-key", "key algorithm " + key.getAlgorithm() + " is not supported; expected"
                    + " an RSA, EC or Ed25519 key");
        }
        PublicKey pub = cert.getPublicKey();
        boolean matches;
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another algorithm than the certificate's cannot even be used with its public key.
            matches = false;
        }
        if (!matches) {
            throw problem(keyFile, "ssl-key", "private key does not match the certificate in " + certFile
                    + " (ssl-cert, subject " + cert.getSubjectX500Principal().getName() + ")");
        }
    }

    private static List<Block> blocks(String text, Path file, String role) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            boolean headers = body.contains(":");
            if (headers) {
                // RFC 1421 headers (Proc-Type, DEK-Info) end at the first blank line.
                int blank = body.indexOf("\n\n");
                body = blank < 0 ? "" : body.substring(blank + 2);
            }
            try {
                // Strict: the MIME decoder would silently skip characters that are not base64.
                out.add(new Block(m.group(1), headers, Base64.getDecoder().decode(body.replaceAll("\\s", ""))));
            } catch (IllegalArgumentException e) {
                throw problem(file, role, "the " + m.group(1) + " block is not valid base64");
            }
        }
        return out;
    }

    private static PrivateKey pkcs8(byte[] der, Path file, String role) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw problem(file, role, "the private key is not an RSA, EC or Ed25519 key in PKCS#8 form");
    }

    /** PKCS#8 PrivateKeyInfo {0, rsaEncryption, PKCS#1 key}. */
    private static byte[] rsaToPkcs8(byte[] pkcs1) {
        return tlv(0x30, hex("020100"), RSA_ALGORITHM, tlv(0x04, pkcs1));
    }

    /** PKCS#8 PrivateKeyInfo {0, {id-ecPublicKey, curve}, SEC1 key}, the curve taken from the SEC1 key. */
    private static byte[] ecToPkcs8(byte[] sec1, Path file, String role) {
        byte[] curve = null;
        try {
            int[] outer = header(sec1, 0);
            if (sec1[0] != 0x30) {
                throw new IllegalArgumentException("not a SEQUENCE");
            }
            int end = outer[0] + outer[1];
            for (int at = outer[0]; at < end; ) {
                int[] h = header(sec1, at);
                if ((sec1[at] & 0xff) == 0xa0) {
                    // [0] EXPLICIT ECParameters: a namedCurve OID.
                    curve = Arrays.copyOfRange(sec1, h[0], h[0] + h[1]);
                }
                at = h[0] + h[1];
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw problem(file, role, "the EC PRIVATE KEY block is not a SEC1 EC private key");
        }
        if (curve == null || curve[0] != 0x06) {
            throw problem(file, role, "the EC PRIVATE KEY block names no curve; expected a key written with its"
                    + " named-curve parameters (as openssl writes them)");
        }
        return tlv(0x30, hex("020100"), tlv(0x30, EC_PUBLIC_KEY_OID, curve), tlv(0x04, sec1));
    }

    /** {offset of the value, length of the value} of the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int len = der[at + 1] & 0xff;
        int value = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[value++] & 0xff);
            }
        }
        if (value + len > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new int[]{value, len};
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        int len = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static IllegalArgumentException encrypted(Path file, String role) {
        return problem(file, role, "the private key is encrypted; expected an unencrypted key (the Go drainer"
                + " cannot read encrypted keys either): decrypt it with `openssl pkey -in KEY -out KEY.plain`");
    }

    static IllegalArgumentException problem(Path file, String role, String what) {
        return new IllegalArgumentException(role + " file " + file + ": " + what);
    }

    /** The text of a PEM file; ISO-8859-1 so that any byte sequence decodes and garbage fails as "no block". */
    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
