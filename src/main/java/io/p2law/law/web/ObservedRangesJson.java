package io.p2law.law.web;

import org.springframework.boot.jackson.JacksonMixin;

import io.p2law.law.ObservedRanges;
import io.p2law.web.Counts;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.ser.std.StdSerializer;

/** How observed ranges read in JSON: the ranges of counts (parameters, tokens) have whole-number ends. */
@JacksonMixin(ObservedRanges.class)
abstract class ObservedRangesJson {

    @JsonSerialize(using = WholeRange.class)
    abstract ObservedRanges.Range paramsBefore();

    @JsonSerialize(using = WholeRange.class)
    abstract ObservedRanges.Range tokens();

    static final class WholeRange extends StdSerializer<ObservedRanges.Range> {

        WholeRange() {
            super(ObservedRanges.Range.class);
        }

        @Override
        public void serialize(ObservedRanges.Range range, JsonGenerator generator, SerializationContext context) {
            generator.writeStartObject();
            generator.writeName("min");
            Counts.writeNearest(range.min(), generator);
            generator.writeName("max");
            Counts.writeNearest(range.max(), generator);
            generator.writeEndObject();
        }
    }
}
