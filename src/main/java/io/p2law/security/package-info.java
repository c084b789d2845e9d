/**
 * API keys: who may read, write and administer. Requests name a key with
 * {@code Authorization: Bearer <key>}; only SHA-256 hashes of keys are stored. This package holds
 * the keys themselves (store, cache, checks, the first administrator key); {@code .web} the filter
 * chain, its problems and the key administration endpoints.
 */
package io.p2law.security;
