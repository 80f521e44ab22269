package dev.parley.client.connection;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 fingerprints of certificates, in one canonical form and one display form. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** Lowercase hex of SHA-256 over the certificate's DER encoding. */
    public static String of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the server certificate", e);
        }
    }

    /** Accepts any common spelling (colons, spaces, either case) and returns lowercase hex. */
    public static String canonical(String fingerprint) {
        return fingerprint.replaceAll("[^0-9A-Fa-f]", "").toLowerCase(Locale.ROOT);
    }

    /** {@code AB:CD:…}, the way the server prints it. */
    public static String display(String fingerprint) {
        String hex = canonical(fingerprint).toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(hex.length() * 3 / 2);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, Math.min(i + 2, hex.length()));
        }
        return out.toString();
    }
}
