package io.p2law.fitting;

import java.util.List;

/**
 * The engine's facade. Thread-safe; fits spread over a bounded pool of {@code parallelism} threads.
 */
public final class LawFitting implements AutoCloseable {

    public LawFitting(int parallelism) {
        throw new UnsupportedOperationException("fitting engine: to be written (issue 3)");
    }

    /** Every form, in catalog order. */
    public List<LawForm> forms() {
        throw new UnsupportedOperationException();
    }

    /** The named form. @throws UnknownLawFormException listing the known forms */
    public LawForm form(String name) {
        throw new UnsupportedOperationException();
    }

    /**
     * Fits the form to the runs. Runs the form refuses are left out with a warning.
     * @throws UnfittableDataException when nothing fittable is left, saying why
     */
    public FitReport fit(String form, List<RunCurve> runs, FitOptions options) {
        throw new UnsupportedOperationException();
    }

    /** A fitted law rebuilt from stored constants and bootstrap replicates. */
    public FittedLaw restore(String form, double[] values, double[][] bootstrapValues) {
        throw new UnsupportedOperationException();
    }

    /** The three held-out splits; a split that cannot be made is reported as skipped, not thrown. */
    public ValidationReport validate(String form, List<RunCurve> runs, FitOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
