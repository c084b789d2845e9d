/**
 * API keys: who may read, write and administer. Requests name a key with
 * {@code Authorization: Bearer <key>}; only SHA-256 hashes of keys are stored. The public surface is
 * {@link ApiKeyScope} and {@link ApiKeySecurityConfiguration} (importable by web slice tests); keys
 * are stored, cached and checked by package-private classes.
 */
package io.p2law.security;
