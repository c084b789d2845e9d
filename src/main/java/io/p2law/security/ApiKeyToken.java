package io.p2law.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The text of a key as clients send it. A generated key reads {@code p2law.<id>.<secret>}: the id
 * finds the stored row, the secret is 32 random bytes. Any other text is the key set by
 * {@code P2LAW_ADMIN_KEY}, stored under {@link #CONFIGURED_ID}. Either way what is stored and
 * compared is the SHA-256 of the whole text.
 */
final class ApiKeyToken {

    static final String CONFIGURED_ID = "configured-admin";
    private static final String PREFIX = "p2law.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyToken() {
    }

    /** A new key: its id and its full text (shown once, never stored). */
    record Generated(String id, String text) {
        @Override
        public String toString() {
            return "Generated[id=" + id + "]";
        }
    }

    static Generated generate() {
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        return new Generated(id, PREFIX + id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The id of the row that must hold this key's hash. */
    static String idOf(String text) {
        if (text.startsWith(PREFIX)) {
            int end = text.indexOf('.', PREFIX.length());
            if (end > PREFIX.length()) {
                return text.substring(PREFIX.length(), end);
            }
        }
        return CONFIGURED_ID;
    }

    static byte[] hash(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Constant time in the hashes' content, so timing tells nothing about how close a guess was. */
    static boolean matches(String text, byte[] storedHash) {
        return MessageDigest.isEqual(hash(text), storedHash);
    }
}
