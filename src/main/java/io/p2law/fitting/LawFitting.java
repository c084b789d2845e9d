package io.p2law.fitting;

import java.util.List;

/**
 * The engine's facade. Thread-safe; fits spread over a bounded pool of {@code parallelism} threads.
 */
public final class LawFitting implements AutoCloseable {

    private final List<FittableForm> forms = List.of(P2Form.full(), P2Form.withoutSize(), P2Form.withoutRate(),
            new ChinchillaForm(), new SparseForm());
    private final Workers workers;
    private final LawFitter fitter;

    public LawFitting(int parallelism) {
        workers = new Workers(parallelism);
        fitter = new LawFitter(workers);
    }

    /** Every form, in catalog order. */
    public List<LawForm> forms() {
        return List.copyOf(forms);
    }

    /** The named form. @throws UnknownLawFormException listing the known forms */
    public LawForm form(String name) {
        return fittable(name);
    }

    /**
     * Fits the form to the runs. Runs the form refuses are left out with a warning.
     * @throws UnfittableDataException when nothing fittable is left, saying why
     */
    public FitReport fit(String form, List<RunCurve> runs, FitOptions options) {
        return fitter.fit(fittable(form), runs, options);
    }

    /**
     * Fits as {@link #fit(String, List, FitOptions)} does, telling {@code listener} how far it got and
     * stopping when it asks. With {@code warm} (a previous fit of the same form), that fit's constants
     * are one more start beside the usual ones, so the result is never worse than starting from them,
     * and its bootstrap replicates start from their previous values.
     * @throws FitCancelledException when the listener cancelled the fit
     */
    public FitReport fit(String form, List<RunCurve> runs, FitOptions options, WarmStart warm, FitListener listener) {
        return fitter.fit(fittable(form), runs, options, null, warm, listener);
    }

    /** A fitted law rebuilt from stored constants and bootstrap replicates. */
    public FittedLaw restore(String form, double[] values, double[][] bootstrapValues) {
        return restore(form, values, bootstrapValues, null, null);
    }

    /** A fitted law rebuilt with its stored calibration and adequacy (either may be null: not stored). */
    public FittedLaw restore(String form, double[] values, double[][] bootstrapValues,
            PredictiveCalibration calibration, Adequacy adequacy) {
        return new Law(fittable(form), values, bootstrapValues == null ? new double[0][] : bootstrapValues,
                calibration, adequacy);
    }

    /** The three held-out splits; a split that cannot be made is reported as skipped, not thrown. */
    public ValidationReport validate(String form, List<RunCurve> runs, FitOptions options) {
        return validate(form, runs, options, PredictiveCalibration.DEFAULT_LEVEL);
    }

    /** The held-out splits with the coverage of the prediction intervals at {@code level} (0.5 to 0.99). */
    public ValidationReport validate(String form, List<RunCurve> runs, FitOptions options, double level) {
        return new HeldOutValidation(fitter).validate(fittable(form), runs, options, level);
    }

    /**
     * As {@link #validate(String, List, FitOptions, double)}, but also scoring the splits whose training part
     * keeps a single size or rate (the service skips them): for the calibration benchmark's full account.
     */
    ValidationReport validateIncludingUnidentified(String form, List<RunCurve> runs, FitOptions options,
            double level) {
        return new HeldOutValidation(fitter).validate(fittable(form), runs, options, level, true);
    }

    /** Levenberg-Marquardt from the given constants alone (no seeds): shows where a start leads. */
    FitReport fitFrom(String form, List<RunCurve> runs, FitOptions options, double[] start) {
        return fitter.fit(fittable(form), runs, options, start, null, FitListener.NONE);
    }

    /** Threads working for this engine now; never more than its parallelism. */
    int threads() {
        return workers.threads();
    }

    private FittableForm fittable(String name) {
        return forms.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownLawFormException(name, forms.stream().map(LawForm::name).toList()));
    }

    @Override
    public void close() {
        workers.close();
    }
}
