package io.p2law.family.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.stereotype.Component;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.web.JsonProblems;
import io.p2law.web.WholeNumbers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads JSON bodies of the families API strictly, naming what is wrong where. */
@Component
class StrictJson {

    private final JsonMapper strict;

    StrictJson(JsonMapper jsonMapper) {
        // Strict so that a typo or a quoted number is named instead of silently ignored or coerced.
        this.strict = jsonMapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(WholeNumbers.module())
                .build();
    }

    <T> T read(InputStream body, Class<T> type) {
        try (body) {
            T value = strict.readValue(body, type);
            if (value == null) {
                throw new InvalidInputException("The request body is invalid.",
                        List.of(FieldProblem.of("body", "must be a JSON object, not null")));
            }
            return value;
        } catch (JacksonException e) {
            throw new InvalidInputException("The request body is invalid.", List.of(JsonProblems.describe(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
