package io.p2law.web;

import java.util.Collection;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import io.p2law.error.FieldProblem;

/**
 * Turns a Jackson reading failure into a {@link FieldProblem} a client can act on: the JSON path
 * of the offending value and what was expected there, without Java type names.
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static FieldProblem describe(JacksonException failure) {
        String field = path(failure);
        if (failure instanceof UnrecognizedPropertyException) {
            return FieldProblem.of(field, "unknown field");
        }
        if (failure instanceof InputCoercionException) {
            return FieldProblem.of(field, "number out of range");
        }
        if (failure instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return FieldProblem.of(field, "must be " + expected(mismatch.getTargetType()));
        }
        if (failure instanceof StreamReadException) {
            return FieldProblem.of(field.isEmpty() ? "body" : field, "malformed JSON" + where(failure.getLocation()));
        }
        return FieldProblem.of(field.isEmpty() ? "body" : field, "cannot be read: " + failure.getOriginalMessage());
    }

    private static String path(JacksonException failure) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : failure.getPath()) {
            if (step.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What a value of {@code type} looks like, in the client's words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || JsonNode.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        return "a " + type.getSimpleName();
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
