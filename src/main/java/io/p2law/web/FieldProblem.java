package io.p2law.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One offending input: the field (JSON path such as {@code runs[2].checkpoints[5].loss}, a query
 * parameter, or a CSV column), why it was refused, and for CSV the line (1 = header) and column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(String field, String reason, Integer line, String column) {

    /** Never longer than {@link ProblemCaps#MAX_TEXT}: a problem does not echo a large input. */
    public FieldProblem {
        field = ProblemCaps.text(field);
        reason = ProblemCaps.text(reason);
        column = ProblemCaps.text(column);
    }

    public static FieldProblem of(String field, String reason) {
        return new FieldProblem(field, reason, null, null);
    }

    public static FieldProblem atCsv(int line, String column, String reason) {
        return new FieldProblem(column, reason, line, column);
    }
}
