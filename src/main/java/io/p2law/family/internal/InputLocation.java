package io.p2law.family.internal;

import io.p2law.error.FieldProblem;

/**
 * Where a run's values came from, so that a problem names the place the client has to fix. Each
 * upload format gives its own; {@link #json} is the API's field paths.
 */
public interface InputLocation {

    FieldProblem run(String field, String reason);

    FieldProblem checkpoint(int index, String field, String reason);

    /** A run in a JSON body; {@code prefix} is its path such as {@code runs[3].}, or empty. */
    static InputLocation json(String prefix) {
        return new InputLocation() {
            @Override
            public FieldProblem run(String field, String reason) {
                return FieldProblem.of(prefix + field, reason);
            }

            @Override
            public FieldProblem checkpoint(int index, String field, String reason) {
                return FieldProblem.of(prefix + "checkpoints[" + index + "]." + field, reason);
            }
        };
    }
}
