package dev.parley.crypto.internal.ratchet;

import dev.parley.crypto.identity.IdentityKey;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.Hkdf;
import java.util.Arrays;

/**
 * The X3DH shared secret. With initiator A (identity IK_A, ephemeral EK_A) and responder B
 * (identity IK_B, signed prekey SPK_B, optional one-time prekey OPK_B):
 * <pre>
 *   DH1 = X25519(IK_A, SPK_B)   DH2 = X25519(EK_A, IK_B)   DH3 = X25519(EK_A, SPK_B)   DH4 = X25519(EK_A, OPK_B)
 *   SK  = HKDF(salt = 32 zero bytes, ikm = 32 x 0xFF ‖ DH1 ‖ DH2 ‖ DH3 [‖ DH4],
 *              info = "Parley X3DH v1" ‖ IK_A ‖ IK_B, 32 bytes)
 * </pre>
 * DH1 and DH2 put each party's long-term private key into the secret; DH3 and DH4 give forward secrecy.
 */
public final class X3dh {
    private static final byte[] LABEL = Bytes.utf8("Parley X3DH v1");
    private static final byte[] PAD = filled(32, (byte) 0xff);
    private static final byte[] ZERO_SALT = new byte[32];

    private X3dh() {}

    public static byte[] sharedSecret(IdentityKey initiator, IdentityKey responder, byte[] dh1, byte[] dh2, byte[] dh3,
                                      byte[] dh4OrNull) {
        byte[] ikm = dh4OrNull == null ? Bytes.concat(PAD, dh1, dh2, dh3) : Bytes.concat(PAD, dh1, dh2, dh3, dh4OrNull);
        byte[] info = Bytes.concat(LABEL, initiator.serialize(), responder.serialize());
        byte[] sk = Hkdf.derive(ZERO_SALT, ikm, info, 32);
        Arrays.fill(ikm, (byte) 0);
        return sk;
    }

    private static byte[] filled(int n, byte b) {
        byte[] out = new byte[n];
        Arrays.fill(out, b);
        return out;
    }
}
