package dev.parley.crypto.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.crypto.CryptoException;
import dev.parley.crypto.aead.TripleDesHmacAead;
import dev.parley.crypto.file.FileDecryptor;
import dev.parley.crypto.file.FileFormat;
import dev.parley.crypto.group.GroupCipher;
import dev.parley.crypto.group.GroupSessionBuilder;
import dev.parley.crypto.session.SessionCipher;
import dev.parley.crypto.store.InMemorySenderKeyStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of every ciphertext parser and decrypt path in the crypto module: session
 * messages (normal and prekey) on both sides, group messages, sender-key distributions, file chunks
 * and whole encrypted files, and the generic Aead. Each run starts from fresh receiver state and feeds
 * either raw bytes or a valid ciphertext damaged as the fuzzer chooses.
 *
 * <p>The only acceptable outcomes: the module's checked {@link CryptoException}, or success with exactly
 * the plaintext that was encrypted (a damaged message must never open to anything else). Any other
 * exception, an error, or a hang is a finding. Plain {@code mvn verify} replays the stored inputs; the
 * {@code fuzz-ciphertexts} execution in crypto/pom.xml fuzzes for a few seconds on every build; a longer
 * run: {@code JAZZER_FUZZ=1 ./parley mvn -B -o -pl crypto surefire:test@fuzz-ciphertexts -Djazzer.max_duration=30m}.
 */
class CiphertextParsersFuzzTest {
    private static final Samples S = Samples.INSTANCE;
    private static final byte[] AEAD_KEY = new byte[32];
    private static final byte[] AEAD_AD = "ad".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AEAD_PLAINTEXT = "aead plaintext".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AEAD_CIPHERTEXT = aeadSample();

    private static byte[] aeadSample() {
        try {
            return TripleDesHmacAead.fromKey(AEAD_KEY, dev.parley.crypto.testing.TestRandom.seeded(16)).encrypt(AEAD_PLAINTEXT, AEAD_AD);
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyCiphertextEitherFailsCheckedOrOpensToTheOriginal(FuzzedDataProvider data) throws Exception {
        int target = data.consumeInt(0, 8);
        switch (target) {
            case 0 -> {
                byte[] in = input(data, S.firstPreKeyMessage);
                expectOnly(() -> new SessionCipher(S.bobBeforeFirstMessage(), "alice").decrypt(in), Samples.FIRST);
            }
            case 1 -> {
                byte[] in = input(data, S.secondPreKeyMessage);
                expectOnly(() -> new SessionCipher(S.bobWithSession(), "alice").decrypt(in), Samples.SECOND);
            }
            case 2 -> {
                byte[] in = input(data, S.replyMessage);
                expectOnly(() -> new SessionCipher(S.aliceWithSession(), "bob").decrypt(in), Samples.REPLY);
            }
            case 3 -> {
                byte[] in = input(data, S.groupMessage);
                expectOnly(() -> new GroupCipher(S.memberOfGroup(), "g", "alice").decrypt(in), Samples.GROUP_TEXT);
            }
            case 4 -> {
                byte[] in = input(data, S.distribution);
                checkedOnly(() -> new GroupSessionBuilder(new InMemorySenderKeyStore()).process("g", "alice", in));
            }
            case 5 -> {
                byte[] in = input(data, AEAD_CIPHERTEXT);
                expectOnly(() -> TripleDesHmacAead.fromKey(AEAD_KEY).decrypt(in, AEAD_AD), new String(AEAD_PLAINTEXT, StandardCharsets.UTF_8));
            }
            case 6 -> {
                long index = data.consumeBoolean() ? data.consumeLong() : data.consumeInt(0, 2);
                boolean last = data.consumeBoolean();
                int from = FileFormat.HEADER_SIZE;
                byte[] validChunk = Arrays.copyOfRange(S.fileCiphertext, from, Math.min(S.fileCiphertext.length, from + FileFormat.ENCRYPTED_CHUNK_SIZE));
                byte[] in = input(data, validChunk);
                int off = data.consumeInt(0, in.length);
                int len = data.consumeInt(0, in.length - off);
                byte[] plain = decryptChunkOrNull(index, in, off, len, last);
                if (plain != null && !Arrays.equals(plain, Arrays.copyOfRange(Samples.FILE_PLAINTEXT, 0, plain.length))) {
                    throw new AssertionError("a damaged file chunk opened to other bytes");
                }
            }
            case 7 -> {
                boolean withInfo = data.consumeBoolean();
                byte[] in = input(data, S.fileCiphertext);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    new FileDecryptor(S.fileKey).decrypt(new ByteArrayInputStream(in), out, withInfo ? S.fileInfo : null);
                    if (withInfo && !Arrays.equals(out.toByteArray(), Samples.FILE_PLAINTEXT)) {
                        throw new AssertionError("a damaged file passed its digest check with other contents");
                    }
                } catch (CryptoException expected) {
                    // rejected
                }
            }
            default -> {
                byte[] in = data.consumeRemainingAsBytes();
                checkedOnly(() -> SessionCipher.isPreKeyMessage(in));
            }
        }
    }

    /** Raw bytes, or the valid sample with the fuzzer's edits: flipped bytes, a cut, an extension. */
    static byte[] input(FuzzedDataProvider data, byte[] valid) {
        int mode = data.consumeInt(0, 3);
        if (mode == 0) {
            return data.consumeRemainingAsBytes();
        }
        byte[] b = valid.clone();
        int edits = data.consumeInt(0, 4);
        for (int i = 0; i < edits && b.length > 0; i++) {
            b[data.consumeInt(0, b.length - 1)] ^= data.consumeByte();
        }
        if (mode == 2) {
            b = Arrays.copyOf(b, data.consumeInt(0, b.length));
        } else if (mode == 3) {
            byte[] tail = data.consumeRemainingAsBytes();
            byte[] longer = Arrays.copyOf(b, b.length + tail.length);
            System.arraycopy(tail, 0, longer, b.length, tail.length);
            b = longer;
        }
        return b;
    }

    private static byte[] decryptChunkOrNull(long index, byte[] in, int off, int len, boolean last) {
        try {
            return new FileDecryptor(S.fileKey).decryptChunk(index, in, off, len, last);
        } catch (CryptoException expected) {
            return null;
        } catch (IllegalArgumentException documented) {
            // the documented caller error: a non-final chunk that is not exactly one full chunk
            if (!last && len != FileFormat.ENCRYPTED_CHUNK_SIZE) {
                return null;
            }
            throw documented;
        }
    }

    interface Attempt {
        Object run() throws Exception;
    }

    interface Action {
        void run() throws Exception;
    }

    private static void checkedOnly(Action action) throws Exception {
        try {
            action.run();
        } catch (CryptoException expected) {
            // the only acceptable failure
        }
    }

    private static void expectOnly(Attempt attempt, String original) throws Exception {
        Object result;
        try {
            result = attempt.run();
        } catch (CryptoException expected) {
            return;
        }
        String opened = new String((byte[]) result, StandardCharsets.UTF_8);
        if (!opened.equals(original)) {
            throw new AssertionError("a damaged ciphertext opened to a different plaintext: " + opened);
        }
    }
}
