package io.p2law.error;

import java.util.List;

/** What the request names does not exist. */
public class NotFoundException extends RefusalException {

    public NotFoundException(String detail, List<FieldProblem> problems) {
        super(detail, problems);
    }

    public static NotFoundException run(String family, String runId) {
        return new NotFoundException("No run \"" + runId + "\" in family \"" + family + "\".", List.of());
    }
}
