package dev.parley.client.content;

/**
 * What a ciphertext carries once decrypted: the client's own small, versioned plaintext format.
 * The server never sees it. {@link ContentCodec} turns each variant into bytes and back.
 */
public sealed interface Content permits Text, SenderKeyDistribution, FileOffer, FileDone {
}
