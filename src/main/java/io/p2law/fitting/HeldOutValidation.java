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
        LawFitter.check(options);
        PredictiveCalibration.checkLevel(level);
        FitOptions noBootstrap = options;
        List<RunCurve> usable = LawFitter.Selection.of(form, runs).accepted();
        List<HeldOutResult> splits = new ArrayList<>();
        splits.add(lastCheckpoints(form, usable, noBootstrap, level));
        splits.add(largest(form, usable, noBootstrap, "largest-model",
                "fit on the smaller models, predict the largest (by parameters before pruning)",
                run -> run.model().paramsBefore(), "model size", level));
        splits.add(largest(form, usable, noBootstrap, "highest-rate",
                "fit on the lower pruning rates, predict the highest", run -> run.model().pruningRate(), "pruning rate",
                level));
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

    private HeldOutResult largest(FittableForm form, List<RunCurve> runs, FitOptions options, String name,
            String description, ToDoubleFunction<RunCurve> key, String what, double level) {
        double[] values = runs.stream().mapToDouble(key).distinct().toArray();
        if (values.length < 2) {
            return skipped(name, description, "the runs have a single " + what + ", so none can be held out");
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
