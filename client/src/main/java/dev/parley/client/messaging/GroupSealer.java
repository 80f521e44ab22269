package dev.parley.client.messaging;

import dev.parley.client.connection.ServerErrorException;
import dev.parley.crypto.CryptoException;
import java.io.IOException;

/** Encrypts a group message with our sender key, first replacing or handing out the key as needed. */
@FunctionalInterface
public interface GroupSealer {

    /** Returns the group ciphertext and how many other members it is for. */
    Sealed seal(String group, byte[] content) throws CryptoException, ServerErrorException, IOException;

    /** A sealed group message. */
    record Sealed(byte[] payload, int recipients) {
    }
}
