/**
 * Not API. Primitives and wire formats used by the public packages; may change without notice.
 * Key bytes leave these classes only through methods whose names say so.
 */
package dev.parley.crypto.internal;
