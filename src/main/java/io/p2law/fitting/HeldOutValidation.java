package io.p2law.fitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The P2 paper's three held-out checks: fit on part of the family, predict the rest, and score the
 * predictions on the held-out points only. A split the data cannot support is reported as skipped.
 */
final class HeldOutValidation {

    private static final double LAST_FRACTION = 0.2;

    private final LawFitter fitter;

    HeldOutValidation(LawFitter fitter) {
        this.fitter = fitter;
    }

    /**
     * The splits, each fitted with {@code options} as given (with its bootstrap, so that the intervals
     * scored are the ones the fit would serve) and scored at the interval {@code level}.
     */
    ValidationReport validate(FittableForm form, List<RunCurve> runs, FitOptions options, double level) {
        return validate(form, runs, options, level, false);
    }

    /**
     * As {@link #validate(FittableForm, List, FitOptions, double)}; {@code scoreUnidentified} also scores a
     * split whose training part keeps a single size (rate), which the service skips: the calibration
     * benchmark reports what those splits would have said, so that skipping them hides nothing.
     */
    ValidationReport validate(FittableForm form, List<RunCurve> runs, FitOptions options, double level,
            boolean scoreUnidentified) {
        LawFitter.check(options);
        PredictiveCalibration.checkLevel(level);
        FitOptions noBootstrap = options;
        List<RunCurve> usable = LawFitter.Selection.of(form, runs).accepted();
        List<HeldOutResult> splits = new ArrayList<>();
        splits.add(lastCheckpoints(form, usable, noBootstrap, level));
        splits.add(largest(form, usable, noBootstrap, "largest-model",
                "fit on the smaller models, predict the largest (by parameters before pruning)",
                run -> run.model().paramsBefore(), "model size", true, level, scoreUnidentified));
        // as in the held-out calibration: a form that ignores the pruning rate needs no second rate to predict one
        boolean rateMatters = form.requiredFields().contains("pruningRate");
        splits.add(largest(form, usable, noBootstrap, "highest-rate",
                "fit on the lower pruning rates, predict the highest", run -> run.model().pruningRate(), "pruning rate",
                rateMatters, level, scoreUnidentified));
        return new ValidationReport(form.name(), List.copyOf(splits));
    }

    private HeldOutResult lastCheckpoints(FittableForm form, List<RunCurve> runs, FitOptions options, double level) {
        String name = "last-20-percent";
        String description = "fit on the first 80 % of every run's checkpoints, predict the last 20 %";
        List<RunCurve> train = new ArrayList<>();
        List<RunCurve> test = new ArrayList<>();
        for (RunCurve run : runs) {
            double[][] sorted = fittedSorted(run, options.minTokens());
            int n = sorted[0].length;
            int held = (int) Math.ceil(LAST_FRACTION * n);
            if (n - held < 1 || held < 1) {
                continue;
            }
            train.add(slice(run, sorted, 0, n - held));
            test.add(slice(run, sorted, n - held, n));
        }
        if (test.isEmpty()) {
            return skipped(name, description, "no run has enough checkpoints to hold out its last 20 %");
        }
        return score(form, name, description, train, test, options, level);
    }

    /**
     * {@code needsTwo}: the form needs two or more values of {@code key} to tell what another value does. With
     * two, holding out the higher leaves the training fit a single one, from which the law cannot extrapolate
     * (its exponent for that factor is not identified): the training fit says so in a warning and answers
     * deliberately uninformative intervals (widening by a factor of 2 per e-fold), which cover nearly every
     * held-out point at tens of times the noise's width. Such a split scores the width of an admitted guess,
     * not the law's extrapolation, so it is skipped with that reason rather than reported as a coverage.
     */
    private HeldOutResult largest(FittableForm form, List<RunCurve> runs, FitOptions options, String name,
            String description, ToDoubleFunction<RunCurve> key, String what, boolean needsTwo, double level,
            boolean scoreUnidentified) {
        double[] values = runs.stream().mapToDouble(key).distinct().toArray();
        if (values.length < 2) {
            return skipped(name, description, "the runs have a single " + what + ", so none can be held out");
        }
        if (values.length == 2 && needsTwo && !scoreUnidentified) {
            return skipped(name, description, "the runs have two values of " + what + ": holding out the higher "
                    + "leaves a single one, from which " + form.name() + " cannot tell what another " + what
                    + " does (its factor for it is not identified), so the training fit's intervals there are an "
                    + "admitted guess and this split would score nothing but their width; it takes three or more");
        }
        double top = Arrays.stream(values).max().orElseThrow();
        List<RunCurve> train = runs.stream().filter(r -> key.applyAsDouble(r) != top).toList();
        List<RunCurve> test = runs.stream().filter(r -> key.applyAsDouble(r) == top).toList();
        return score(form, name, description, train, test, options, level);
    }

    private HeldOutResult score(FittableForm form, String name, String description, List<RunCurve> train,
            List<RunCurve> test, FitOptions options, double level) {
        FitReport fit;
        try {
            fit = fitter.fit(form, train, options);
        } catch (UnfittableDataException e) {
            return skipped(name, description, "the training part cannot be fitted: " + e.getMessage());
        }
        Points held = Points.of(test, options.minTokens());
        if (held.size == 0) {
            return skipped(name, description, "no held-out checkpoint has tokens > 0");
        }
        FitQuality q = FitQuality.of(form, fit.law().values(), held);
        Coverage c = coverage(fit.law(), test, options.minTokens(), level);
        return new HeldOutResult(name, description, fit.points(), held.size, q.r2(), q.rmse(), q.mape(), q.asd(),
                c.fraction(), level, c.meanWidth(), c.medianWidth(), fit.warnings(), null);
    }

    private static HeldOutResult skipped(String name, String description, String reason) {
        return new HeldOutResult(name, description, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, List.of(), reason);
    }

    record Coverage(double fraction, double meanWidth, double medianWidth, int points) {
    }

    /** The share of the held-out checkpoints inside the law's prediction interval at {@code level}. */
    static Coverage coverage(FittedLaw law, List<RunCurve> test, double minTokens, double level) {
        int inside = 0;
        int n = 0;
        double width = 0;
        List<Double> widths = new ArrayList<>();
        for (RunCurve run : test) {
            double[][] sorted = fittedSorted(run, minTokens);
            if (sorted[0].length == 0) {
                continue;
            }
            PrunedModel model = run.model();
            List<ObservedLossPrediction> predictions = law.observedLossPredictions(model, level, sorted[0]);
            for (int j = 0; j < sorted[0].length; j++) {
                ObservedLossPrediction p = predictions.get(j);
                inside += sorted[1][j] >= p.lower() && sorted[1][j] <= p.upper() ? 1 : 0;
                width += p.upper() - p.lower();
                widths.add(p.upper() - p.lower());
                n++;
            }
        }
        return n == 0 ? new Coverage(Double.NaN, Double.NaN, Double.NaN, 0)
                : new Coverage((double) inside / n, width / n,
                        HeldOutCalibrator.median(widths.stream().mapToDouble(Double::doubleValue).toArray()), n);
    }

    /** The run's fitted checkpoints (tokens > 0, >= minTokens) as {tokens, losses}, by tokens. */
    private static double[][] fittedSorted(RunCurve run, double minTokens) {
        Integer[] order = java.util.stream.IntStream.range(0, run.tokens().length)
                .filter(j -> run.tokens()[j] > 0 && run.tokens()[j] >= minTokens)
                .boxed().sorted((a, b) -> Double.compare(run.tokens()[a], run.tokens()[b]))
                .toArray(Integer[]::new);
        double[][] out = new double[2][order.length];
        for (int j = 0; j < order.length; j++) {
            out[0][j] = run.tokens()[order[j]];
            out[1][j] = run.losses()[order[j]];
        }
        return out;
    }

    private static RunCurve slice(RunCurve run, double[][] sorted, int from, int to) {
        return new RunCurve(run.runId(), run.model(),
                Arrays.copyOfRange(sorted[0], from, to), Arrays.copyOfRange(sorted[1], from, to));
    }
}
