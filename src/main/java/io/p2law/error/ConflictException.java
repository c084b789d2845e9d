package io.p2law.error;

import java.util.List;

/** The request contradicts what is stored. */
public class ConflictException extends RefusalException {

    public ConflictException(String detail, List<FieldProblem> problems) {
        super(detail, problems);
    }
}
