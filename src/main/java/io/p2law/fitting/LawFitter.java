package io.p2law.fitting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * One fit from runs to report: refusals, variable-projection seeds, seeded multi-start
 * Levenberg-Marquardt, uncertainty, warnings and bootstrap.
 */
final class LawFitter {

    /** Above this many points the starts race on an evenly strided subset; the winner is polished on all. */
    static final int SEARCH_POINTS = 20_000;
    /** Seeds scored by the true objective for each start that is run. */
    private static final int SEEDS_PER_START = 4;
    private static final double SAME_OPTIMUM = 1e-6;
    private static final int POINTS_PER_PARAMETER = 5;
    /** Fitted points whose curve band is read to tell whether the bootstrap replicates move. */
    private static final int HELD_OUT_CURVE_POINTS = 500;

    private final Workers workers;
    private final LevenbergMarquardt search = new LevenbergMarquardt(1e-14, 2_000);
    private final LevenbergMarquardt polish = new LevenbergMarquardt(1e-14, 2_000, 1e-8, true);

    LawFitter(Workers workers) {
        this.workers = workers;
    }

    /**
     * {@code seeds}: the usual starts the race ran from (as thetas, best seed first), empty when it ran
     * none; {@code linearization}: the objective on all points at the optimum, as the last pass left it.
     */
    record Optimum(double[] natural, double objective, boolean converged, int starts, int startsAtBest,
            List<double[]> seeds, HuberObjective.Linearization linearization) {
    }

    /** The fittable runs and the reasons the others were refused. */
    record Selection(List<RunCurve> accepted, Map<String, List<String>> refusedByReason) {

        static Selection of(FittableForm form, List<RunCurve> runs) {
            List<RunCurve> accepted = new ArrayList<>();
            Map<String, List<String>> refused = new LinkedHashMap<>();
            for (RunCurve run : runs) {
                Optional<String> reason = form.refusal(run);
                if (reason.isPresent()) {
                    refused.computeIfAbsent(reason.get(), r -> new ArrayList<>()).add(run.runId());
                } else {
                    accepted.add(run);
                }
            }
            return new Selection(accepted, refused);
        }

        List<String> warnings() {
            List<String> w = new ArrayList<>();
            refusedByReason.forEach((reason, ids) -> w.add(ids.size() + " run(s) left out (" + reason + "): "
                    + String.join(", ", ids)));
            return w;
        }
    }

    FitReport fit(FittableForm form, List<RunCurve> runs, FitOptions options) {
        return fit(form, runs, options, null, null, FitListener.NONE);
    }

    /**
     * The fit, from the given constants alone when {@code start} is not null (no seeds, one start);
     * with {@code warm}, its constants are one more start and its replicates the bootstrap's starts.
     */
    FitReport fit(FittableForm form, List<RunCurve> runs, FitOptions options, double[] start, WarmStart warm,
            FitListener listener) {
        long started = System.nanoTime();
        check(options);
        Selection selection = Selection.of(form, runs);
        Points pts = points(form, selection, options);
        if (warm != null && warm.start().length != form.dimension()) {
            throw new IllegalArgumentException("the warm start has " + warm.start().length + " constants; "
                    + form.name() + " has " + form.dimension());
        }
        Optimum best = optimise(form, pts, options.huberDelta(), options.starts(), start, warm, listener);
        double[] p = best.natural();
        // the search's last pass was on all points at the optimum: the standard errors need no pass of their own
        HuberObjective.Linearization lin = best.linearization();
        List<FittableForm.Undetermined> structural = form.structurallyUndetermined(pts);
        boolean[] structurallyUndetermined = new boolean[form.dimension()];
        structural.forEach(s -> s.parameters().forEach(name -> structurallyUndetermined[form.indexOf(name)] = true));
        ParameterUncertainty uncertainty = ParameterUncertainty.at(form, p, lin, pts.size)
                .withoutStandardErrors(structurallyUndetermined);

        List<String> warnings = new ArrayList<>(selection.warnings());
        warnings.addAll(form.dataWarnings(pts));
        warnings.addAll(identifiabilityWarnings(form, structural, p, uncertainty));
        int needed = POINTS_PER_PARAMETER * form.dimension();
        if (pts.size < needed) {
            warnings.add("only " + pts.size + " points for " + form.dimension() + " constants (fewer than "
                    + POINTS_PER_PARAMETER + " per constant): the constants are poorly constrained");
        }
        if (!best.converged()) {
            warnings.add("Levenberg-Marquardt did not converge; the constants are the best found, not an optimum");
        }

        // past SEARCH_POINTS the refits use the evenly strided subset the starts raced on: a bootstrap
        // of a million points would otherwise cost minutes, and fewer points only widen the intervals
        Points resampled = pts.subsample(SEARCH_POINTS);
        // a fit that did not converge may sit on a flat ridge where warm-started replicates never move:
        // perturbed starts let them show how little the data pin the constants down
        Bootstrap.Replicates replicates = Bootstrap.run(form, resampled, p, options.huberDelta(),
                options.bootstrapSamples(), options.seed(), workers, !best.converged(), warm, listener);
        if (resampled != pts && options.bootstrapSamples() > 0) {
            warnings.add("bootstrap refits used an evenly strided subset of " + resampled.size + " of the " + pts.size
                    + " points, so its intervals are somewhat wider than the full data would give");
        }
        if (replicates.failed() > 0) {
            warnings.add(replicates.failed() + " of " + options.bootstrapSamples()
                    + " bootstrap replicates failed and are left out of the intervals");
        }
        List<ParameterEstimate> estimates = new ArrayList<>();
        for (int k = 0; k < form.dimension(); k++) {
            int index = k;
            Interval interval = replicates.values().length == 0 ? new Interval(Double.NaN, Double.NaN)
                    : Bootstrap.percentileInterval(
                            java.util.Arrays.stream(replicates.values()).mapToDouble(v -> v[index]).toArray());
            estimates.add(new ParameterEstimate(form.parameters().get(k).name(), p[k],
                    uncertainty.standardError(k), interval.lower(), interval.upper()));
        }
        FitQuality quality = FitQuality.of(form, p, pts);
        int fittedRuns = pts.fittedRuns();
        Law uncalibrated = new Law(form, p, replicates.values());
        double fittedCurveMedian = HeldOutCalibrator.median(
                uncalibrated.curveScales(pts.subsample(HELD_OUT_CURVE_POINTS)));
        PredictiveCalibration calibration = reusableCalibration(form, pts, p, fittedRuns, best.converged(), warm,
                fittedCurveMedian, replicates.values().length);
        Adequacy adequacy;
        CalibrationBasis basis;
        if (calibration != null) {
            // a small change since the calibration was measured: its held-out refits (one per size,
            // rate and the last 20 %, each a fit of its own) would measure nearly the same again
            adequacy = warm.adequacy();
            basis = new CalibrationBasis(warm.calibrationBasis().points(), warm.calibrationBasis().runs(), true);
        } else {
            HeldOutCalibrator.Result calibrated = new HeldOutCalibrator(this, workers).calibrate(form, pts, p,
                    best.seeds(), options, uncalibrated::curveScales);
            calibration = calibrated.calibration();
            if (!best.converged() || stuck(fittedCurveMedian, replicates.values().length, calibration.scatter())) {
                // the least trustworthy fits must not look the most certain: a search that stopped short, or
                // replicates that never moved, leave the curve band empty, and the widening makes up for more
                calibration = calibration.widened(HeldOutCalibrator.SMALL_FAMILY_INFLATION, "the prediction "
                        + "intervals are widened " + HeldOutCalibrator.SMALL_FAMILY_INFLATION + " times because "
                        + (best.converged() ? "the bootstrap replicates barely move" : "the fit did not converge"));
            }
            adequacy = AdequacyCheck.judge(new AdequacyCheck.Inputs(form, pts, p,
                    calibration.scatter(), best.converged(), jacobianUndetermined(form, pts, uncertainty),
                    fittedCurveMedian, replicates.values().length, calibrated.splits()));
            basis = CalibrationBasis.own(pts.size, fittedRuns);
        }
        warnings.addAll(calibration.warnings());
        return new FitReport(form.name(), List.copyOf(estimates), best.objective(), quality.r2(), quality.rmse(),
                quality.asd(), pts.size, fittedRuns, best.starts(), best.startsAtBest(), best.converged(),
                (System.nanoTime() - started) / 1_000_000, List.copyOf(warnings),
                new Law(form, p, replicates.values(), calibration, adequacy), basis);
    }

    /** Whether the bootstrap replicates never moved, so the curve band (its median scale given) is empty. */
    private static boolean stuck(double fittedCurveMedian, int replicates, double scatter) {
        return replicates > 0 && !(fittedCurveMedian > 1e-6 * scatter);
    }

    /**
     * The warm start's calibration for these data, or null when it must be measured again: there is
     * none, the data changed by more than {@link WarmStart#SMALL_CHANGE} since it was measured (runs or
     * points), the model sizes or pruning rates span another range, or the fit did not converge or its
     * replicates did not move (those widen a calibration of their own). Its adequacy verdict goes with it.
     */
    private static PredictiveCalibration reusableCalibration(FittableForm form, Points pts, double[] p,
            int fittedRuns, boolean converged, WarmStart warm, double fittedCurveMedian, int replicates) {
        if (warm == null || !converged || !warm.calibrationReusable(pts.size, fittedRuns)) {
            return null;
        }
        PredictiveCalibration previous = warm.calibration();
        double[] ranges = HeldOutCalibrator.ranges(pts);
        double[] before = {previous.lnSizeMin(), previous.lnSizeMax(), previous.lnRateMin(), previous.lnRateMax()};
        for (int k = 0; k < before.length; k++) {
            if (Double.compare(before[k], ranges[k]) != 0) {
                return null;
            }
        }
        double scatter = HeldOutCalibrator.scatter(form, p, pts);
        if (stuck(fittedCurveMedian, replicates, scatter)) {
            return null;
        }
        return previous.forData(scatter, ranges);
    }

    static void check(FitOptions options) {
        if (!(options.huberDelta() > 0)) {
            throw new IllegalArgumentException("huberDelta must be > 0, got " + options.huberDelta());
        }
        if (options.starts() < 1) {
            throw new IllegalArgumentException("starts must be >= 1, got " + options.starts());
        }
        if (options.bootstrapSamples() < 0) {
            throw new IllegalArgumentException("bootstrapSamples must be >= 0, got " + options.bootstrapSamples());
        }
        if (!(options.minTokens() >= 0)) {
            throw new IllegalArgumentException("minTokens must be >= 0, got " + options.minTokens());
        }
    }

    /** The points to fit, or why there are not enough. */
    static Points points(FittableForm form, Selection selection, FitOptions options) {
        if (selection.accepted().isEmpty() && selection.refusedByReason().isEmpty()) {
            throw new UnfittableDataException("there are no runs to fit " + form.name() + " to");
        }
        if (selection.accepted().isEmpty()) {
            throw new UnfittableDataException(form.name() + " cannot use any of the runs: "
                    + String.join("; ", selection.warnings()));
        }
        Points pts = Points.of(selection.accepted(), options.minTokens());
        if (pts.size <= form.dimension()) {
            throw new UnfittableDataException(form.name() + " has " + form.dimension() + " constants and needs more "
                    + "checkpoints than that with tokens > 0" + (options.minTokens() > 0
                            ? " and >= minTokens (" + options.minTokens() + ")" : "") + "; got " + pts.size);
        }
        return pts;
    }

    /**
     * The best of {@code starts} Levenberg-Marquardt runs from the best variable-projection seeds
     * (or from {@code start} alone when given).
     */
    Optimum optimise(FittableForm form, Points pts, double delta, int starts, double[] start) {
        return optimise(form, pts, delta, starts, start, null, FitListener.NONE);
    }

    private Optimum optimise(FittableForm form, Points pts, double delta, int starts, double[] start, WarmStart warm,
            FitListener listener) {
        stopIfCancelled(listener);
        if (start == null && warm != null && warm.smallChange(pts.size, pts.fittedRuns())) {
            // straight to the full data: the previous optimum is nearer this one than any subset's
            HuberObjective full = new HuberObjective(form, pts, null, delta, workers);
            LevenbergMarquardt.Result refit = polish.minimise(full, HuberObjective.theta(form, warm.start()));
            if (Double.isFinite(refit.objective())) {
                listener.startsFinished(1, 1);
                return new Optimum(full.natural(refit.theta()), refit.objective(), refit.converged(), 1, 1, List.of(),
                        refit.linearization());
            }
        }
        Points searchPoints = pts.subsample(SEARCH_POINTS);
        HuberObjective searchObjective = new HuberObjective(form, searchPoints, null, delta, workers);
        List<double[]> startThetas = new ArrayList<>();
        List<double[]> seeds = List.of();
        if (start != null) {
            startThetas.add(HuberObjective.theta(form, start));
        } else {
            if (warm != null) {
                double[] theta = HuberObjective.theta(form, warm.start());
                if (Double.isFinite(searchObjective.sumSquares(theta))) {
                    startThetas.add(theta);
                }
            }
            seeds = startingPoints(form, searchPoints, searchObjective, starts);
            startThetas.addAll(seeds);
        }
        return race(form, pts, delta, searchPoints, searchObjective, startThetas, seeds, listener);
    }

    /**
     * The best of Levenberg-Marquardt runs from {@code warm}'s optimum and from the given seeds alone,
     * without a seed grid of its own: a refit of a subset of the points whose full fit already ranked
     * the grid (a held-out refit) takes that fit's optimum and seeds as its starts.
     */
    Optimum optimiseFrom(FittableForm form, Points pts, double delta, double[] optimum, List<double[]> seeds) {
        Points searchPoints = pts.subsample(SEARCH_POINTS);
        HuberObjective searchObjective = new HuberObjective(form, searchPoints, null, delta, workers);
        List<double[]> startThetas = new ArrayList<>();
        double[] theta = HuberObjective.theta(form, optimum);
        if (Double.isFinite(searchObjective.sumSquares(theta))) {
            startThetas.add(theta);
        }
        for (double[] seed : seeds) {
            if (Double.isFinite(searchObjective.sumSquares(seed))) {
                startThetas.add(seed);
            }
        }
        return race(form, pts, delta, searchPoints, searchObjective, startThetas, seeds, FitListener.NONE);
    }

    /** The usual starts of a fit of these points (thetas, best seed first), from the variable-projection grid. */
    List<double[]> seeds(FittableForm form, Points pts, double delta, int starts) {
        Points searchPoints = pts.subsample(SEARCH_POINTS);
        return startingPoints(form, searchPoints, new HuberObjective(form, searchPoints, null, delta, workers), starts);
    }

    private Optimum race(FittableForm form, Points pts, double delta, Points searchPoints,
            HuberObjective searchObjective, List<double[]> startThetas, List<double[]> seeds, FitListener listener) {
        if (startThetas.isEmpty()) {
            throw new UnfittableDataException(form.name() + ": no starting point gives a finite prediction for "
                    + "these data");
        }
        AtomicInteger finished = new AtomicInteger();
        List<LevenbergMarquardt.Result> results = workers.map(startThetas.size(), k -> {
            stopIfCancelled(listener);
            LevenbergMarquardt.Result result = search.minimise(searchObjective, startThetas.get(k));
            listener.startsFinished(finished.incrementAndGet(), startThetas.size());
            return result;
        });
        stopIfCancelled(listener);
        LevenbergMarquardt.Result best = results.stream()
                .filter(r -> Double.isFinite(r.objective()))
                .min(Comparator.comparingDouble(LevenbergMarquardt.Result::objective))
                .orElseThrow(() -> new UnfittableDataException(form.name()
                        + ": every start diverged; the data do not follow this law"));
        double bestValue = best.objective();
        int atBest = (int) results.stream()
                .filter(r -> r.objective() <= bestValue + SAME_OPTIMUM * Math.abs(bestValue) + 1e-300)
                .count();
        if (searchPoints != pts) {
            HuberObjective full = new HuberObjective(form, pts, null, delta, workers);
            best = polish.minimise(full, best.theta());
        }
        return new Optimum(searchObjective.natural(best.theta()), best.objective(), best.converged(),
                startThetas.size(), atBest, List.copyOf(seeds), best.linearization());
    }

    static void stopIfCancelled(FitListener listener) {
        if (listener.cancelled()) {
            throw new FitCancelledException();
        }
    }

    private List<double[]> startingPoints(FittableForm form, Points pts, HuberObjective objective, int starts) {
        List<VariableProjection.Seed> seeds = VariableProjection.seeds(form, pts, SEEDS_PER_START * starts, workers);
        List<double[]> thetas = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (VariableProjection.Seed seed : seeds) {
            double[] theta = HuberObjective.theta(form, seed.natural());
            double score = objective.sumSquares(theta);
            if (IntStream.range(0, theta.length).noneMatch(k -> Double.isNaN(theta[k]) || theta[k] == Double.POSITIVE_INFINITY)
                    && Double.isFinite(score)) {
                thetas.add(theta);
                scores.add(score);
            }
        }
        Integer[] order = IntStream.range(0, thetas.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingDouble(scores::get));
        List<double[]> chosen = new ArrayList<>();
        for (int k = 0; k < Math.min(starts, order.length); k++) {
            chosen.add(thetas.get(order[k]));
        }
        return chosen;
    }

    /** Constants only the Jacobian (not the design of the data, which warnings already explain) leaves undetermined. */
    private static List<String> jacobianUndetermined(FittableForm form, Points pts, ParameterUncertainty u) {
        java.util.Set<String> structural = new java.util.HashSet<>();
        for (FittableForm.Undetermined s : form.structurallyUndetermined(pts)) {
            structural.addAll(s.parameters());
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < form.dimension(); k++) {
            String name = form.parameters().get(k).name();
            if (u.undetermined(k) && !u.atZero()[k] && !structural.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> identifiabilityWarnings(FittableForm form, List<FittableForm.Undetermined> structural,
            double[] natural, ParameterUncertainty u) {
        List<String> warnings = new ArrayList<>();
        boolean[] reported = new boolean[form.dimension()];
        for (FittableForm.Undetermined s : structural) {
            warnings.add(String.join(", ", s.parameters()) + " not determined: " + s.reason()
                    + "; treat these constants as unknown and judge the fit by its predictions");
            for (String name : s.parameters()) {
                int k = form.indexOf(name);
                reported[k] = true;
            }
        }
        boolean[] atZero = u.atZero();
        List<String> zero = u.names(form, atZero);
        if (!zero.isEmpty()) {
            warnings.add(String.join(", ", zero) + " at the lower bound 0: the data give this term no weight");
        }
        boolean[] fromJacobian = new boolean[form.dimension()];
        for (int k = 0; k < fromJacobian.length; k++) {
            fromJacobian[k] = u.undetermined(k) && !reported[k] && !atZero[k];
        }
        List<String> singular = u.names(form, fromJacobian);
        if (!singular.isEmpty()) {
            warnings.add(String.join(", ", singular) + " not determined by the data (the Jacobian at the optimum is "
                    + "singular along a combination of them); their standard errors are NaN");
        }
        List<String> weak = new ArrayList<>();
        for (int k = 0; k < form.dimension(); k++) {
            double se = u.standardError(k);
            if (Double.isFinite(se) && se > Math.abs(natural[k])) {
                weak.add(form.parameters().get(k).name());
            }
        }
        if (!weak.isEmpty()) {
            warnings.add(String.join(", ", weak) + " weakly determined (standard error larger than the value): other "
                    + "constants can trade against them with almost no change in the predictions");
        }
        return warnings;
    }
}
