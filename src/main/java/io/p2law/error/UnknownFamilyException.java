package io.p2law.error;

import java.util.List;

/** The one way every module says that a family does not exist. */
public class UnknownFamilyException extends NotFoundException {

    public UnknownFamilyException(String family) {
        super("No family \"" + family + "\".", List.of(FieldProblem.of("family", "no such family")));
    }
}
