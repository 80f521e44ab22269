/** Not API. X3DH, the Double Ratchet and their wire formats, driven by {@code dev.parley.crypto.session}. */
package dev.parley.crypto.internal.ratchet;
