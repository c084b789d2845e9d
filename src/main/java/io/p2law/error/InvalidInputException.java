package io.p2law.error;

import java.util.List;

/** The input breaks a rule; every problem found is listed at once. */
public class InvalidInputException extends RefusalException {

    public InvalidInputException(String detail, List<FieldProblem> problems) {
        super(detail, problems);
    }

    /** One field's problem, told as the detail as well. */
    public static InvalidInputException of(String field, String reason) {
        return of(List.of(FieldProblem.of(field, reason)));
    }

    /** Problems whose detail lists them as {@code field: reason; ...}. */
    public static InvalidInputException of(List<FieldProblem> problems) {
        return new InvalidInputException(String.join("; ",
                problems.stream().map(p -> p.field() + ": " + p.reason()).toList()), problems);
    }
}
