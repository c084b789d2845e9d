package io.p2law.law;

import java.util.Locale;

/**
 * The text of {@code String.format(Locale.ROOT, "%.4g", value)}, without the Formatter: its locale
 * and pattern machinery cost most of a prediction's extrapolation warnings. Like the Formatter it
 * rounds half up the shortest decimal that reads back as the value ({@link Double#toString}'s
 * digits), not the binary value itself, so 1.2345 gives 1.235 although the double is a hair below;
 * and like it, it writes a plain decimal when the rounded value lies in [1e-4, 1e4) (0.2500, 1234)
 * and 1.000e+04-style notation otherwise. {@code FourSignificantDigitsTests} holds it to the Formatter.
 */
public final class FourSignificantDigits {

    private FourSignificantDigits() {
    }

    static String format(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            // no model size, rate or token count is one of these, so they keep the Formatter
            return String.format(Locale.ROOT, "%.4g", value);
        }
        String shortest = Double.toString(Math.abs(value));
        // the first five significant digits (the fifth decides the rounding) and the power of ten of the first
        int mantissa = 0;
        int significant = 0;
        int integerDigits = -1;
        int leadingZeros = 0;
        int exponent = 0;
        for (int c = 0; c < shortest.length(); c++) {
            char ch = shortest.charAt(c);
            if (ch == '.') {
                integerDigits = c;
            } else if (ch == 'E') {
                exponent = Integer.parseInt(shortest, c + 1, shortest.length(), 10);
                break;
            } else if (significant == 0 && ch == '0') {
                leadingZeros++;
            } else if (significant < 5) {
                mantissa = 10 * mantissa + (ch - '0');
                significant++;
            }
        }
        for (; significant < 5; significant++) {
            mantissa *= 10;
        }
        // Double.toString always writes a point, and no significant digit can precede leading zeros
        exponent += integerDigits - 1 - leadingZeros;
        int rounded = (mantissa + 5) / 10;
        if (rounded == 10_000) {
            rounded = 1_000;
            exponent++;
        }
        StringBuilder out = new StringBuilder(12);
        if (value < 0) {
            out.append('-');
        }
        char[] digits = {digit(rounded, 1000), digit(rounded, 100), digit(rounded, 10), digit(rounded, 1)};
        if (exponent < -4 || exponent >= 4) {
            out.append(digits[0]).append('.').append(digits, 1, 3).append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            return out.append(magnitude).toString();
        }
        if (exponent < 0) {
            out.append("0.");
            for (int z = -1; z > exponent; z--) {
                out.append('0');
            }
            return out.append(digits).toString();
        }
        out.append(digits, 0, exponent + 1);
        if (exponent < 3) {
            out.append('.').append(digits, exponent + 1, 3 - exponent);
        }
        return out.toString();
    }

    private static char digit(int number, int place) {
        return (char) ('0' + number / place % 10);
    }
}
