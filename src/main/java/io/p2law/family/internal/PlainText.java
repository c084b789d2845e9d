package io.p2law.family.internal;

/**
 * What free text (names, descriptions, tags) may contain: any Unicode except NUL, other control
 * characters than tab, line feed and carriage return, and unpaired surrogates. PostgreSQL cannot
 * store NUL at all, and the others only confuse logs, terminals and CSV exports.
 */
public final class PlainText {

    private PlainText() {
    }

    /** Why {@code value} is refused, or null when it is acceptable (null is acceptable). */
    public static String refusal(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return "must not contain NUL characters (at position " + i + ")";
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return "must not contain control characters (U+%04X at position %d)".formatted((int) c, i);
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                return "must be valid Unicode (unpaired surrogate at position " + i + ")";
            }
        }
        return null;
    }
}
