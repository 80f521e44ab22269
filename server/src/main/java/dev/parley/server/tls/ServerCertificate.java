package dev.parley.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS identity: a PEM certificate chain and a PKCS#8 PEM private key on disk.
 * On first start a self-signed ECDSA P-256 certificate is written into {@code dataDir/tls}
 * (key file readable by the owner only) and reused afterwards.
 */
public record ServerCertificate(Path certificateFile, Path keyFile, X509Certificate certificate) {
    private static final Duration VALIDITY = Duration.ofDays(3650);

    /** Loads the pair from {@code dir}, creating it first if it is not there. */
    public static ServerCertificate selfSigned(Path dir) throws IOException {
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        if (!Files.exists(cert) || !Files.exists(key)) {
            create(dir, cert, key);
        }
        return configured(cert, key);
    }

    /** A certificate chain and key given by the operator; only the certificate is parsed here, Netty reads the key. */
    public static ServerCertificate configured(Path certificateFile, Path keyFile) throws IOException {
        if (!Files.isReadable(keyFile)) {
            throw new IOException("cannot read the TLS key file " + keyFile);
        }
        try (InputStream in = Files.newInputStream(certificateFile)) {
            X509Certificate first = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new ServerCertificate(certificateFile, keyFile, first);
        } catch (CertificateException e) {
            throw new IOException("the TLS certificate file " + certificateFile + " holds no readable PEM certificate", e);
        }
    }

    /** SHA-256 of the DER certificate as upper-case hex pairs joined by colons, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void create(Path dir, Path certFile, Path keyFile) throws IOException {
        Files.createDirectories(dir);
        KeyPair pair;
        X509Certificate certificate;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            pair = generator.generateKeyPair();
            certificate = sign(pair);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("could not create the server's TLS certificate: " + e.getMessage(), e);
        }
        writePrivately(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            writeAtomically(certFile, pem("CERTIFICATE", certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static X509Certificate sign(KeyPair pair) throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=Parley server");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")}));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Creates the file with owner-only permissions from the start, so the key is never world-readable, not even briefly. */
    private static void writePrivately(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write to " + file.getParent() + " (permission denied)", e);
        }
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
