package io.p2law.error;

import java.util.List;

/**
 * A request the service refuses for a reason the client can act on. The detail says what happened
 * in one sentence; the problems name the offending fields. Which HTTP status each kind is answered
 * with is decided at the edge, not here.
 */
public abstract class RefusalException extends RuntimeException {

    private final transient List<FieldProblem> problems;

    protected RefusalException(String detail, List<FieldProblem> problems) {
        super(detail);
        this.problems = List.copyOf(problems);
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
