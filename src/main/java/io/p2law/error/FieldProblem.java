package io.p2law.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One offending input: the field (a JSON path such as {@code runs[2].checkpoints[5].loss}, a query
 * parameter, or a column of a tabular upload), why it was refused, and for line-based input the
 * line (1 = header) and column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(String field, String reason, Integer line, String column) {

    public static FieldProblem of(String field, String reason) {
        return new FieldProblem(field, reason, null, null);
    }

    /** A problem in line-based input, named by its column. */
    public static FieldProblem at(int line, String column, String reason) {
        return new FieldProblem(column, reason, line, column);
    }
}
