package io.p2law.family;

import java.util.Map;

import io.p2law.error.FieldProblem;

/** Where a run's values came from, so that a problem names the place the client has to fix. */
interface InputLocation {

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

    /** A run in CSV rows: run fields are reported at the run's first row, checkpoints at their own. */
    static InputLocation csv(int firstLine, int[] checkpointLines) {
        return new InputLocation() {
            @Override
            public FieldProblem run(String field, String reason) {
                return FieldProblem.at(firstLine, CsvColumns.of(field), reason);
            }

            @Override
            public FieldProblem checkpoint(int index, String field, String reason) {
                return FieldProblem.at(checkpointLines[index], CsvColumns.of(field), reason);
            }
        };
    }

    /** CSV column names of the API's field names. */
    final class CsvColumns {

        private static final Map<String, String> COLUMNS = Map.of(
                "runId", "run_id", "baseModel", "base_model", "pruningMethod", "pruning_method",
                "paramsBefore", "params_before", "paramsAfter", "params_after", "pruningRate", "pruning_rate",
                "lossBefore", "loss_before", "tokens", "tokens", "loss", "loss");

        private CsvColumns() {
        }

        static String of(String field) {
            return COLUMNS.getOrDefault(field, field);
        }
    }
}
