package io.p2law.fitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Measures how wrong the law is where it was not fitted, and turns that into a
 * {@link PredictiveCalibration}. It refits the form (no bootstrap, on at most
 * {@link LawFitter#SEARCH_POINTS} strided training points, so that a fit costs a few more fits and
 * not more) with each model size held out, each pruning rate held out, and the last 20 % of every run
 * held out, and records each held-out point's log error together with how far outside the refit's
 * data it lay. Those errors give the growth of the error per unit of log distance outside the data,
 * the extra error of an unseen run inside it, and the split-conformal scores.
 */
final class HeldOutCalibrator {

    /** Fewer runs than this cannot tell a run's own offset from the law's error: intervals widen instead. */
    static final int MIN_RUNS = 3;
    /** How much wider than calibrated a family too small to calibrate gets its intervals. */
    static final double SMALL_FAMILY_INFLATION = 1.5;
    /**
     * Error growth per unit of log distance (0.05 in log loss per e-fold) that a family too small to
     * calibrate gets at least.
     */
    static final double DEFAULT_GROWTH = 0.05;
    /** Growth per e-fold outside the data, in scatters, that every direction gets at least. */
    static final double MIN_GROWTH_PER_SCATTER = 0.5;
    /** Growth per e-fold, in scatters, assumed in a direction no refit could measure. */
    static final double UNMEASURED_GROWTH_PER_SCATTER = 0.5;
    /** Growth per e-fold in a direction the data cannot identify at all (one size, one rate): a factor of 2. */
    static final double UNIDENTIFIED_GROWTH = Math.log(2);
    /** The MAD of a Gaussian is 0.6745 of its standard deviation. */
    static final double MAD_TO_SD = 1.4826;
    private static final double LAST_FRACTION = 0.2;
    /** Log distances below this (5 %) say more about a run's own offset than about extrapolation. */
    private static final double MIN_DISTANCE = 0.05;
    /** The largest log error a held-out point contributes to a growth: a factor of two. */
    private static final double ERROR_CAP = Math.log(2);
    /** Held-out points scored per refit at most (strided): enough for a quantile, cheap for a million points. */
    private static final int SCORED_POINTS = 2_000;
    /** Training points per refit at most (every k-th of each run). */
    static final int TRAIN_POINTS = 5_000;
    /** The fit's best seeds each held-out refit races beside the fit's optimum. */
    static final int REFIT_SEEDS = 3;

    private final LawFitter fitter;
    private final Workers workers;

    HeldOutCalibrator(LawFitter fitter, Workers workers) {
        this.fitter = fitter;
        this.workers = workers;
    }

    /** One held-out refit's errors: what adequacy and the benchmark read. */
    /**
     * {@code runBiasT}: the mean over held-out runs of each run's mean error, in standard errors between
     * runs (how consistently the refit misses every run the same way); {@code runBias} that mean (log).
     */
    record SplitError(String split, String kind, int points, double rmsError, double mape, double inSampleScatter,
            double runBias, double runBiasT) {
    }

    record Result(PredictiveCalibration calibration, List<SplitError> splits) {
    }

    private record Split(String name, String kind, boolean[] test) {
    }

    /**
     * The per-point errors of one refit and how far each point lay outside the refit's data, per
     * direction: above and below its sizes and rates, beyond its tokens.
     */
    private record Refit(Split split, double scatter, int[] run, double[] error, double[] base2, double[] sizeAbove,
            double[] sizeBelow, double[] rateAbove, double[] rateBelow, double[] tokens) {
    }

    /**
     * @param pts the fitted points of the full fit
     * @param values the full fit's constants
     * @param curveScales the full fit's curve-band scale (log) at given points
     */
    Result calibrate(FittableForm form, Points pts, double[] values, List<double[]> seeds, FitOptions options,
            Function<Points, double[]> curveScales) {
        double scatter = scatter(form, values, pts);
        double[] ranges = ranges(pts);
        int runs = pts.fittedRuns();
        List<Split> splits = splits(pts);
        // one seed grid for all refits: the full fit's, or (after a warm refit that ran no race) ranked once here
        List<double[]> starts = seeds.isEmpty() && !splits.isEmpty()
                ? fitter.seeds(form, pts, options.huberDelta(), options.starts()) : seeds;
        List<Refit> refits = workers.map(splits.size(),
                k -> refit(form, pts, splits.get(k), values, starts, options, curveScales))
                .stream().filter(Objects::nonNull).toList();
        List<String> warnings = new ArrayList<>();
        double inflation = 1;
        if (runs < MIN_RUNS) {
            inflation = SMALL_FAMILY_INFLATION;
            warnings.add("only " + runs + " run(s): too few to calibrate the prediction intervals by held-out refits "
                    + "(at least " + MIN_RUNS + "); they use the scatter of the runs and what refits could be made, "
                    + "widened " + SMALL_FAMILY_INFLATION + " times");
        } else if (refits.isEmpty()) {
            inflation = SMALL_FAMILY_INFLATION;
            warnings.add("no held-out refit could be made, so the prediction intervals are not calibrated; they use "
                    + "the scatter of the runs widened " + SMALL_FAMILY_INFLATION + " times");
        }
        double[] growth = {growth(refits, Refit::sizeAbove), growth(refits, Refit::sizeBelow),
            growth(refits, Refit::rateAbove), growth(refits, Refit::rateBelow), growth(refits, Refit::tokens)};
        String[] directions = {"larger models", "smaller models", "higher rates", "lower rates", "more tokens"};
        // a form that ignores the pruning rate (or rates of 0, plain pre-training) has no rate direction
        boolean rateMatters = form.requiredFields().contains("pruningRate") && Double.isFinite(ranges[2]);
        boolean oneSize = Points.distinct(pts.lnParamsBefore) == 1;
        boolean oneRate = rateMatters && Points.distinct(pts.rate) == 1;
        boolean[] unidentified = {oneSize, oneSize, oneRate, oneRate, false};
        List<String> unmeasured = new ArrayList<>();
        List<String> blind = new ArrayList<>();
        for (int k = 0; k < growth.length; k++) {
            double opposite = k < 4 ? growth[k ^ 1] : Double.NaN;
            if ((k == 2 || k == 3) && !rateMatters) {
                growth[k] = 0;
                continue;
            }
            if (unidentified[k]) {
                // one size (rate) says nothing about the next: the law's factor for it is a guess
                blind.add(directions[k]);
                growth[k] = UNIDENTIFIED_GROWTH;
            } else if (Double.isNaN(growth[k])) {
                unmeasured.add(directions[k]);
                growth[k] = Double.isNaN(opposite) ? UNMEASURED_GROWTH_PER_SCATTER * scatter : opposite;
            }
            // an interval never stops growing outside the data, however well the refits did
            growth[k] = Math.max(growth[k], MIN_GROWTH_PER_SCATTER * scatter);
            if (inflation > 1) {
                growth[k] = Math.max(growth[k], DEFAULT_GROWTH);
            }
        }
        if (!blind.isEmpty()) {
            warnings.add("the runs have a single model size or pruning rate, so the law cannot tell what happens at "
                    + "another: predictions for " + String.join(", ", blind) + " get intervals that widen by a "
                    + "factor of 2 per e-fold");
        }
        if (!unmeasured.isEmpty()) {
            warnings.add("no held-out refit extrapolated to " + String.join(", ", unmeasured) + " (that takes "
                    + "three sizes or rates): there the intervals widen at an assumed "
                    + UNMEASURED_GROWTH_PER_SCATTER + " times the scatter per e-fold");
        }
        double runError = runError(refits);
        // the scores: each held-out error over the scale the model gives that point (from the refit's data)
        List<double[]> scored = new ArrayList<>();
        List<double[]> perRefit = new ArrayList<>();
        List<SplitError> splitErrors = new ArrayList<>();
        double mape = 0;
        for (Refit r : refits) {
            int n = r.error().length;
            double sum2 = 0;
            double ape = 0;
            double[] own = new double[n];
            for (int i = 0; i < n; i++) {
                double s2 = r.base2()[i] + runError * runError + square(growth[0] * r.sizeAbove()[i])
                        + square(growth[1] * r.sizeBelow()[i]) + square(growth[2] * r.rateAbove()[i])
                        + square(growth[3] * r.rateBelow()[i]) + square(growth[4] * r.tokens()[i]);
                // an exact prediction scores 0 even where the model gave no scale (noise-free data), not 0/0
                own[i] = r.error()[i] == 0 ? 0 : Math.min(Math.abs(r.error()[i]), ERROR_CAP) / Math.sqrt(s2);
                scored.add(new double[] {own[i], 1.0 / n});
                sum2 += r.error()[i] * r.error()[i];
                // the prediction is the observed loss times exp(-error)
                ape += Math.abs(Math.expm1(-r.error()[i]));
            }
            perRefit.add(own);
            mape += 100 * ape / n;
            double[] bias = runBias(r);
            splitErrors.add(new SplitError(r.split().name(), r.split().kind(), n, Math.sqrt(sum2 / n), 100 * ape / n,
                    r.scatter(), bias[0], bias[1]));
        }
        double[][] sorted = sortedWithWeights(scored);
        PredictiveCalibration calibration = new PredictiveCalibration(scatter, runError, growth[0], growth[1],
                growth[2], growth[3], growth[4], ranges[0], ranges[1], ranges[2], ranges[3], ranges[4], ranges[5],
                sorted[0], sorted[1], inflation, refits.size(), refits.isEmpty() ? Double.NaN : mape / refits.size(),
                crossValidatedCoverage(perRefit, calibration(scatter, growth, ranges, inflation)), warnings);
        return new Result(calibration, List.copyOf(splitErrors));
    }

    /** The mean over runs of each held-out run's mean error, and that mean in standard errors between runs. */
    private static double[] runBias(Refit r) {
        java.util.Map<Integer, double[]> byRun = new java.util.HashMap<>();
        for (int i = 0; i < r.error().length; i++) {
            double[] sum = byRun.computeIfAbsent(r.run()[i], k -> new double[2]);
            sum[0] += r.error()[i];
            sum[1]++;
        }
        double[] means = byRun.values().stream().mapToDouble(v -> v[0] / v[1]).toArray();
        if (means.length < 2) {
            return new double[] {means.length == 1 ? means[0] : Double.NaN, Double.NaN};
        }
        double mean = Arrays.stream(means).average().orElse(0);
        double var = Arrays.stream(means).map(m -> (m - mean) * (m - mean)).sum() / (means.length - 1);
        return new double[] {mean, mean / Math.max(Math.sqrt(var / means.length), 1e-12)};
    }

    private static double[][] sortedWithWeights(List<double[]> scored) {
        List<double[]> copy = new ArrayList<>(scored);
        copy.sort((a, b) -> Double.compare(a[0], b[0]));
        return new double[][] {copy.stream().mapToDouble(s -> s[0]).toArray(),
            copy.stream().mapToDouble(s -> s[1]).toArray()};
    }

    /** A calibration without scores, to build the leave-one-refit-out multipliers from. */
    private static PredictiveCalibration calibration(double scatter, double[] growth, double[] ranges,
            double inflation) {
        return new PredictiveCalibration(scatter, 0, growth[0], growth[1], growth[2], growth[3], growth[4], ranges[0],
                ranges[1], ranges[2], ranges[3], ranges[4], ranges[5], new double[0], new double[0], inflation,
                0, Double.NaN, Double.NaN, List.of());
    }

    /**
     * Each refit's points scored against the multiplier the other refits alone give at the default
     * level; the share inside, each refit weighing the same. NaN with fewer than two refits.
     */
    private static double crossValidatedCoverage(List<double[]> perRefit, PredictiveCalibration shape) {
        if (perRefit.size() < 2) {
            return Double.NaN;
        }
        double coverage = 0;
        for (int k = 0; k < perRefit.size(); k++) {
            List<double[]> others = new ArrayList<>();
            for (int j = 0; j < perRefit.size(); j++) {
                if (j != k) {
                    for (double z : perRefit.get(j)) {
                        others.add(new double[] {z, 1.0 / perRefit.get(j).length});
                    }
                }
            }
            double[][] sorted = sortedWithWeights(others);
            PredictiveCalibration without = new PredictiveCalibration(shape.scatter(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                    0, 0, sorted[0], sorted[1], shape.inflation(), perRefit.size() - 1, Double.NaN, Double.NaN,
                    List.of());
            double q = without.multiplier(PredictiveCalibration.DEFAULT_LEVEL);
            int inside = 0;
            for (double z : perRefit.get(k)) {
                inside += z <= q ? 1 : 0;
            }
            coverage += (double) inside / perRefit.get(k).length;
        }
        return coverage / perRefit.size();
    }

    /** 1.4826 times the median absolute deviation of the log residuals; 0 without points. */
    static double scatter(FittableForm form, double[] values, Points pts) {
        if (pts.size == 0) {
            return 0;
        }
        FittableForm.Evaluation at = form.at(values);
        double[] r = new double[pts.size];
        for (int i = 0; i < pts.size; i++) {
            r[i] = pts.lnLoss[i] - Math.log(at.value(pts, i, null));
        }
        return MAD_TO_SD * medianAbsoluteDeviation(r);
    }

    static double medianAbsoluteDeviation(double[] x) {
        double median = median(x.clone());
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = Math.abs(x[i] - median);
        }
        return median(d);
    }

    /** The median of {@code x}, whose order it changes (NaNs count as the largest values, as in a sort). */
    static double median(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        int m = x.length / 2;
        for (double v : x) {
            if (Double.isNaN(v)) {
                Arrays.sort(x);
                return x.length % 2 == 1 ? x[m] : (x[m - 1] + x[m]) / 2;
            }
        }
        // selecting the middle rank is a few passes where sorting a fit's 100,000 residuals is a dozen,
        // and a warm refit measures the scatter of every point again
        Bootstrap.select(x, 0, x.length, m);
        if (x.length % 2 == 1) {
            return x[m];
        }
        double below = x[0];
        for (int i = 1; i < m; i++) {
            below = Math.max(below, x[i]);
        }
        return (below + x[m]) / 2;
    }

    /** Each size, each rate (unless it holds out the same points as a size), and the last 20 %. */
    private static List<Split> splits(Points pts) {
        Map<String, Split> byTest = new LinkedHashMap<>();
        double[] sizes = Arrays.stream(pts.lnParamsBefore).distinct().sorted().toArray();
        // holding a size out of two leaves one, from which no fit can extrapolate in size at all
        if (sizes.length >= 3) {
            for (double size : sizes) {
                boolean[] test = new boolean[pts.size];
                for (int i = 0; i < pts.size; i++) {
                    test[i] = pts.lnParamsBefore[i] == size;
                }
                byTest.putIfAbsent(Arrays.toString(test), new Split("size " + Math.round(Math.exp(size)), "size", test));
            }
        }
        double[] rates = Arrays.stream(pts.rate).distinct().sorted().toArray();
        if (rates.length >= 3) {
            for (double rate : rates) {
                boolean[] test = new boolean[pts.size];
                for (int i = 0; i < pts.size; i++) {
                    test[i] = pts.rate[i] == rate;
                }
                byTest.putIfAbsent(Arrays.toString(test), new Split("rate " + rate, "rate", test));
            }
        }
        boolean[] late = new boolean[pts.size];
        boolean any = false;
        for (int[] run : pts.byRun()) {
            int held = (int) Math.ceil(LAST_FRACTION * run.length);
            if (run.length - held >= 1 && held >= 1) {
                for (int j = run.length - held; j < run.length; j++) {
                    late[run[j]] = true;
                    any = true;
                }
            }
        }
        List<Split> splits = new ArrayList<>(byTest.values());
        if (any) {
            splits.add(new Split("last 20 %", "tokens", late));
        }
        return splits;
    }

    private Refit refit(FittableForm form, Points pts, Split split, double[] optimum, List<double[]> seeds,
            FitOptions options, Function<Points, double[]> curveScales) {
        boolean[] train = new boolean[pts.size];
        for (int i = 0; i < pts.size; i++) {
            train[i] = !split.test()[i];
        }
        // every k-th checkpoint of each run: the held-out structure stays, and errors in log loss need
        // no more points than this to be measured (a million-point family refits in milliseconds)
        Points trainPts = pts.select(train).subsample(TRAIN_POINTS);
        Points testPts = pts.select(split.test()).subsample(SCORED_POINTS);
        if (trainPts.size <= form.dimension() || testPts.size == 0) {
            return null;
        }
        double[] values;
        try {
            // the full fit's optimum and its seeds race on the training points alone: the seed grid (most of
            // a fit's time) is not ranked again, and the seeds still let the refit find another basin
            // than the full optimum's when the held-out points were what held it there
            values = fitter.optimiseFrom(form, trainPts, options.huberDelta(), optimum,
                    seeds.subList(0, Math.min(REFIT_SEEDS, seeds.size()))).natural();
        } catch (UnfittableDataException | ArithmeticException e) {
            return null;
        }
        FittableForm.Evaluation at = form.at(values);
        int n = testPts.size;
        double[] error = new double[n];
        for (int i = 0; i < n; i++) {
            double predicted = at.value(testPts, i, null);
            error[i] = testPts.lnLoss[i] - Math.log(predicted);
            if (!Double.isFinite(error[i])) {
                return null;
            }
        }
        double scatter = scatter(form, values, trainPts);
        double[] curve = curveScales.apply(testPts);
        double[] trainRanges = ranges(trainPts, allTrue(trainPts.size));
        double[] base2 = new double[n];
        double[] sizeAbove = new double[n];
        double[] sizeBelow = new double[n];
        double[] rateAbove = new double[n];
        double[] rateBelow = new double[n];
        double[] tokens = new double[n];
        for (int i = 0; i < n; i++) {
            base2[i] = scatter * scatter + square(curve[i]);
            double size = PredictiveCalibration.outside(testPts.lnParamsBefore[i], trainRanges[0], trainRanges[1]);
            double rate = PredictiveCalibration.outside(testPts.lnRate[i], trainRanges[2], trainRanges[3]);
            sizeAbove[i] = testPts.lnParamsBefore[i] > trainRanges[1] ? size : 0;
            sizeBelow[i] = testPts.lnParamsBefore[i] > trainRanges[1] ? 0 : size;
            rateAbove[i] = testPts.lnRate[i] > trainRanges[3] ? rate : 0;
            rateBelow[i] = testPts.lnRate[i] > trainRanges[3] ? 0 : rate;
            tokens[i] = PredictiveCalibration.outside(testPts.lnTokens[i], trainRanges[4], trainRanges[5]);
        }
        return new Refit(split, scatter, testPts.run.clone(), error, base2, sizeAbove, sizeBelow, rateAbove, rateBelow,
                tokens);
    }

    /**
     * The error growth along one direction: per refit that extrapolated that way, the median over its
     * points at least {@link #MIN_DISTANCE} outside its data of the squared error beyond what the scatter
     * and curve explain, per squared log distance (errors capped at {@link #ERROR_CAP}: a refit that
     * misses by more than a factor of two has failed, and one failure must not make every interval
     * infinite); the median over those refits, as a standard deviation. NaN when no refit extrapolated
     * that way.
     */
    private static double growth(List<Refit> refits, Function<Refit, double[]> distance) {
        List<Double> perRefit = new ArrayList<>();
        for (Refit r : refits) {
            double[] d = distance.apply(r);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < d.length; i++) {
                if (d[i] >= MIN_DISTANCE) {
                    double error = Math.min(Math.abs(r.error()[i]), ERROR_CAP);
                    ratios.add(Math.max(0, error * error - r.base2()[i]) / square(d[i]));
                }
            }
            if (!ratios.isEmpty()) {
                perRefit.add(median(ratios.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        return perRefit.isEmpty() ? Double.NaN
                : Math.sqrt(median(perRefit.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /**
     * The extra error of held-out runs inside the data (less than {@link #MIN_DISTANCE} outside it in
     * every direction): per refit
     * the median over those points of the squared (capped) error beyond scatter and curve, then the
     * median over refits, as a standard deviation; 0 when no refit held out a run inside the data.
     */
    private static double runError(List<Refit> refits) {
        List<Double> perRefit = new ArrayList<>();
        for (Refit r : refits) {
            List<Double> excess = new ArrayList<>();
            for (int i = 0; i < r.error().length; i++) {
                if (Math.max(Math.max(r.sizeAbove()[i], r.sizeBelow()[i]), Math.max(Math.max(r.rateAbove()[i],
                        r.rateBelow()[i]), r.tokens()[i])) < MIN_DISTANCE) {
                    double error = Math.min(Math.abs(r.error()[i]), ERROR_CAP);
                    excess.add(Math.max(0, error * error - r.base2()[i]));
                }
            }
            if (!excess.isEmpty()) {
                perRefit.add(median(excess.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        return perRefit.isEmpty() ? 0
                : Math.sqrt(median(perRefit.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /** ln size, ln rate and ln tokens, min and max, of all the points (NaN for rates <= 0). */
    static double[] ranges(Points pts) {
        return ranges(pts, allTrue(pts.size));
    }

    /** ln size, ln rate and ln tokens, min and max, of the selected points (NaN for rates <= 0). */
    static double[] ranges(Points pts, boolean[] which) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        boolean rates = true;
        for (int i = 0; i < pts.size; i++) {
            if (!which[i]) {
                continue;
            }
            r[0] = Math.min(r[0], pts.lnParamsBefore[i]);
            r[1] = Math.max(r[1], pts.lnParamsBefore[i]);
            rates &= Double.isFinite(pts.lnRate[i]);
            r[2] = Math.min(r[2], pts.lnRate[i]);
            r[3] = Math.max(r[3], pts.lnRate[i]);
            r[4] = Math.min(r[4], pts.lnTokens[i]);
            r[5] = Math.max(r[5], pts.lnTokens[i]);
        }
        if (!rates) {
            r[2] = Double.NaN;
            r[3] = Double.NaN;
        }
        for (int k = 0; k < r.length; k++) {
            r[k] = Double.isFinite(r[k]) ? r[k] : Double.NaN;
        }
        return r;
    }

    private static boolean[] allTrue(int n) {
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        return all;
    }

    private static double max(double... values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    private static double square(double x) {
        return x * x;
    }
}
