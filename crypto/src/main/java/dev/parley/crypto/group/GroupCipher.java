package dev.parley.crypto.group;

import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.InvalidMessageException;
import dev.parley.crypto.NoSessionException;
import dev.parley.crypto.internal.Bytes;
import dev.parley.crypto.internal.CbcHmac;
import dev.parley.crypto.internal.CipherKeys;
import dev.parley.crypto.internal.group.GroupMessage;
import dev.parley.crypto.internal.group.SenderKeyState;
import dev.parley.crypto.store.SenderKeyStore;

/**
 * Encrypts one's own messages to a group, or decrypts one member's messages, with sender keys:
 * each message key comes from the sender's chain (then HKDF "Parley group message keys v1" → 3DES
 * key, HMAC key, IV), and every ciphertext is signed with the sender's Ed25519 key, checked before
 * anything else. State is loaded, changed, and stored back only on success.
 */
public final class GroupCipher {
    private static final byte[] LABEL = Bytes.utf8("Parley group message keys v1");
    private final SenderKeyStore store;
    private final String groupId;
    private final String senderUser;

    /** For encrypting, {@code senderUser} is oneself; for decrypting, the member who sent the message. */
    public GroupCipher(SenderKeyStore store, String groupId, String senderUser) {
        this.store = store;
        this.groupId = groupId;
        this.senderUser = senderUser;
    }

    public byte[] encrypt(byte[] plaintext) throws NoSessionException {
        SenderKeyRecord record = store.load(groupId, senderUser).orElseThrow(this::noKey);
        SenderKeyState state = record.current().filter(SenderKeyState::canSign).orElseThrow(this::noKey);
        SenderKeyState.SeedAt next = state.nextSendingSeed();
        byte[] header = GroupMessage.header(state.keyId(), next.iteration());
        byte[] body = CbcHmac.seal(CipherKeys.derive(next.seed(), LABEL), header,
                GroupMessage.associatedData(groupId, senderUser), plaintext);
        byte[] signed = Bytes.concat(header, body);
        byte[] out = Bytes.concat(signed, state.sign(signed));
        store.store(groupId, senderUser, record);
        return out;
    }

    public byte[] decrypt(byte[] ciphertext) throws InvalidMessageException, DuplicateMessageException, NoSessionException {
        GroupMessage m = GroupMessage.parse(ciphertext);
        SenderKeyRecord record = store.load(groupId, senderUser).orElseThrow(this::noKey);
        SenderKeyState state = record.byKeyId(m.keyId()).orElseThrow(this::noKey);
        if (!state.verify(m.signedPart(), m.signature())) throw new InvalidMessageException("message failed authentication");
        byte[] seed = state.receivingSeed(m.iteration());
        byte[] plaintext = CbcHmac.open(CipherKeys.derive(seed, LABEL), m.header(),
                GroupMessage.associatedData(groupId, senderUser), m.body());
        store.store(groupId, senderUser, record);
        return plaintext;
    }

    private NoSessionException noKey() {
        return new NoSessionException("no sender key of '" + senderUser + "' for group '" + groupId + "'");
    }
}
