package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Every value here must read exactly as the Formatter writes it: a difference fails, whatever the value. */
class FourSignificantDigitsTests {

    private static String formatter(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }

    private static void assertSameAsTheFormatter(List<Double> values) {
        List<String> differences = new ArrayList<>();
        for (double v : values) {
            String expected = formatter(v);
            String actual = FourSignificantDigits.format(v);
            if (!expected.equals(actual)) {
                differences.add(v + " (" + Double.doubleToRawLongBits(v) + "): " + expected + " but " + actual);
            }
        }
        assertThat(differences).as("values written otherwise than by %%.4g").isEmpty();
    }

    /** The value and its neighbouring doubles, where a rounding decision or a notation may flip. */
    private static void withNeighbours(List<Double> values, double v) {
        values.add(v);
        values.add(Math.nextUp(v));
        values.add(Math.nextDown(v));
        values.add(-v);
    }

    @Test
    void writesWhatTheObservedRangesAndTheWarningsShow() {
        assertThat(FourSignificantDigits.format(7e10)).isEqualTo("7.000e+10");
        assertThat(FourSignificantDigits.format(4e9)).isEqualTo("4.000e+09");
        assertThat(FourSignificantDigits.format(1.24e9)).isEqualTo("1.240e+09");
        assertThat(FourSignificantDigits.format(0.25)).isEqualTo("0.2500");
        assertThat(FourSignificantDigits.format(0.3333)).isEqualTo("0.3333");
        assertThat(FourSignificantDigits.format(1234)).isEqualTo("1234");
        assertThat(FourSignificantDigits.format(9999.5)).isEqualTo("1.000e+04");
        assertThat(FourSignificantDigits.format(9.9996e9)).isEqualTo("1.000e+10");
        assertThat(FourSignificantDigits.format(1e-4)).isEqualTo("0.0001000");
        // half up on the shortest decimal, as the Formatter does, not on the binary value below it
        assertThat(FourSignificantDigits.format(1.2345)).isEqualTo("1.235");
    }

    @Test
    void randomValuesOfEveryMagnitudeFromAMillionthToAQuadrillion() {
        SplittableRandom random = new SplittableRandom(20261124);
        List<Double> values = new ArrayList<>();
        for (int k = 0; k < 100_000; k++) {
            values.add(Math.pow(10, random.nextDouble(-6, 15)));
        }
        assertSameAsTheFormatter(values);
    }

    @Test
    void decimalsOfFiveOrFewerDigitsWhichTheRoundingMustGetRightAtTheHalf() {
        SplittableRandom random = new SplittableRandom(7);
        List<Double> values = new ArrayList<>();
        for (int exponent = -12; exponent <= 20; exponent++) {
            for (int k = 0; k < 400; k++) {
                // five digits ending in 5 lie exactly half-way between two four-digit numbers
                int digits = k < 200 ? 10 * random.nextInt(1_000, 10_000) + 5 : random.nextInt(1, 100_000);
                withNeighbours(values, Double.parseDouble(digits + "e" + exponent));
            }
            for (String edge : new String[] {"9.9995", "9.9996", "9.9994", "9.99949999", "1.0005", "0.99995",
                    "3.333"}) {
                withNeighbours(values, Double.parseDouble(edge + "e" + exponent));
            }
        }
        assertSameAsTheFormatter(values);
    }

    @Test
    void powersOfTenAndTheEndsOfTheDoubles() {
        List<Double> values = new ArrayList<>();
        for (int exponent = -320; exponent <= 308; exponent++) {
            withNeighbours(values, Double.parseDouble("1e" + exponent));
        }
        for (double v : new double[] {0.25, 0.3333, 0.5, 1, 2, 1.5, 99.995, 999.95, 0.00099995, 0.000099995,
                7e10, 4e9, 1.24e9, 8.03e9, 2e7, 3.21e9, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
                0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            withNeighbours(values, v);
        }
        assertSameAsTheFormatter(values);
    }
}
