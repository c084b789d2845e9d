package io.p2law.web;

import java.math.BigDecimal;
import java.math.RoundingMode;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Token and parameter counts as JSON integers, whatever arithmetic produced them: {@code 1743244597},
 * not {@code 1.743244596147967E8}; {@code 1000000000}, not {@code 999999999.9999993}. Annotate a
 * count component with {@code @JsonSerialize(using = Counts.Nearest.class)}, or with
 * {@link UpTo} where the count is a budget (a budget rounded down would fall short of its target).
 */
public final class Counts {

    private Counts() {
    }

    /** The nearest whole count. */
    public static final class Nearest extends StdSerializer<Number> {

        public Nearest() {
            super(Number.class);
        }

        @Override
        public void serialize(Number value, JsonGenerator generator, SerializationContext context) {
            write(value.doubleValue(), RoundingMode.HALF_UP, generator);
        }
    }

    /** The whole count at or above the value: enough tokens, never one short. */
    public static final class UpTo extends StdSerializer<Number> {

        public UpTo() {
            super(Number.class);
        }

        @Override
        public void serialize(Number value, JsonGenerator generator, SerializationContext context) {
            // Floating-point noise such as 1000000000.0000002 is not a reason for one more token.
            double nearest = Math.rint(value.doubleValue());
            double count = Math.abs(value.doubleValue() - nearest) <= 1e-9 * Math.max(1, Math.abs(nearest))
                    ? nearest : value.doubleValue();
            write(count, RoundingMode.CEILING, generator);
        }
    }

    /** Writes the nearest whole count, for serializers of values that hold counts among other numbers. */
    public static void writeNearest(double value, JsonGenerator generator) {
        write(value, RoundingMode.HALF_UP, generator);
    }

    private static void write(double value, RoundingMode rounding, JsonGenerator generator) {
        if (!Double.isFinite(value)) {
            generator.writeNull();
        } else if (Math.abs(value) < 9e18) {
            generator.writeNumber(BigDecimal.valueOf(value).setScale(0, rounding).longValueExact());
        } else {
            generator.writeNumber(BigDecimal.valueOf(value).setScale(0, rounding).toBigInteger());
        }
    }
}
