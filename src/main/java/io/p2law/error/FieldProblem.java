package io.p2law.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One offending input: the field (a JSON path such as {@code runs[2].checkpoints[5].loss}, a query
 * parameter, or a column of a tabular upload), why it was refused, and for line-based input the
 * line (1 = header) and column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(String field, String reason, Integer line, String column) {

    /** The longest text a problem carries: a problem never echoes a large input back. */
    public static final int MAX_TEXT = 300;

    public FieldProblem {
        field = capped(field);
        reason = capped(reason);
        column = capped(column);
    }

    /** {@code text} cut to {@link #MAX_TEXT} characters, marked with an ellipsis where it was cut. */
    public static String capped(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT - 1) + "\u2026";
    }

    public static FieldProblem of(String field, String reason) {
        return new FieldProblem(field, reason, null, null);
    }

    /** A problem in line-based input, named by its column. */
    public static FieldProblem at(int line, String column, String reason) {
        return new FieldProblem(column, reason, line, column);
    }
}
