package io.p2law.web;

import java.math.BigDecimal;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Whole numbers in JSON bodies as people and tools write them: {@code 1240000000}, {@code 1.24e9} or
 * {@code 1240000000.0} are the same count, {@code 1.5} is not a count. Jackson's own reading either
 * refuses every exponent (strict) or truncates {@code 1.5} to 1 (lenient); neither is right here.
 */
public final class WholeNumbers extends StdScalarDeserializer<Long> {

    private WholeNumbers() {
        super(Long.class);
    }

    /** Registers the reading for {@code Long} fields; add it to a mapper with {@code addModule}. */
    public static SimpleModule module() {
        return new SimpleModule("whole-numbers").addDeserializer(Long.class, new WholeNumbers());
    }

    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT && !parser.isNaN()) {
            BigDecimal value = parser.getDecimalValue();
            try {
                return value.longValueExact();
            } catch (ArithmeticException notWhole) {
                return (Long) context.handleWeirdNumberValue(Long.class, value, "not a whole number");
            }
        }
        return (Long) context.handleUnexpectedToken(Long.class, parser);
    }
}
