/** Not API. Sender-key state and the group wire formats, driven by {@code dev.parley.crypto.group}. */
package dev.parley.crypto.internal.group;
