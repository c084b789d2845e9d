package io.p2law.fitting;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;
import java.util.function.ToDoubleFunction;

/** A form with its constants fixed (and its bootstrap replicates): predictions and budgets. */
final class Law implements FittedLaw {

    private static final double BILLION = 1e9;
    /** Budgets are searched between one token and 1e30 tokens, far past any real training run. */
    private static final double FEWEST_TOKENS = 1;
    private static final double MOST_TOKENS = 1e30;
    private static final int SCAN_STEPS = 600;
    /** Passes over the bootstrap replicates allowed before {@link #tokensAtProbability} gives up. */
    private static final int SCALE_PASSES = 12;
    /** Successive roots in ln D this close: the scale has settled (far below the planners' 1e-7). */
    private static final double SCALE_CONVERGED = 1e-9;
    private static final double MAX_SECANT_STEP = 2;
    /** Distances in units of the scale searched for a confidence: past any multiplier of a level below 1 - 1e-12. */
    private static final double MAX_DISTANCE = 1e3;
    /** {@link #cannotReach}: the narrowest cell of ln D it splits to, and the most cells it looks at. */
    private static final double UNREACHABLE_CELL = 1.0 / 64;
    private static final int UNREACHABLE_CELLS = 2000;

    private final FittableForm form;
    private final double[] values;
    private final double[][] bootstrap;
    private final PredictiveCalibration calibration;
    private final Adequacy adequacy;
    /** The calibration the intervals use (a fallback without one), with its weights' running sums. */
    private final ConformalQuantiles quantiles;
    /** The last {@link #distanceReaching} answer; a record written whole, so safe to share between threads. */
    private volatile Threshold threshold;

    Law(FittableForm form, double[] values, double[][] bootstrap) {
        this(form, values, bootstrap, null, null);
    }

    /**
     * {@code calibration} null: the prediction intervals are built from the scatter alone (none known:
     * widened as for a family too small to calibrate); {@code adequacy} null: not judged.
     */
    Law(FittableForm form, double[] values, double[][] bootstrap, PredictiveCalibration calibration,
            Adequacy adequacy) {
        if (values.length != form.dimension()) {
            throw new IllegalArgumentException(form.name() + " has " + form.dimension() + " constants, got "
                    + values.length);
        }
        for (double[] row : bootstrap) {
            if (row.length != form.dimension()) {
                throw new IllegalArgumentException("every bootstrap replicate needs " + form.dimension() + " constants");
            }
        }
        this.form = form;
        this.values = values.clone();
        this.bootstrap = new double[bootstrap.length][];
        for (int b = 0; b < bootstrap.length; b++) {
            this.bootstrap[b] = bootstrap[b].clone();
        }
        this.calibration = calibration;
        this.adequacy = adequacy;
        this.quantiles = calibrationOrFallback(calibration).quantiles();
    }

    @Override
    public PredictiveCalibration calibration() {
        return calibration;
    }

    @Override
    public Adequacy adequacy() {
        return adequacy;
    }

    @Override
    public LawForm form() {
        return form;
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[][] bootstrapValues() {
        double[][] copy = new double[bootstrap.length][];
        for (int b = 0; b < bootstrap.length; b++) {
            copy[b] = bootstrap[b].clone();
        }
        return copy;
    }

    @Override
    public double predict(PrunedModel model, double tokens) {
        return form.value(values, at(model, tokens), 0, null);
    }

    @Override
    public Interval interval(PrunedModel model, double tokens) {
        return predictions(model, tokens).get(0).interval();
    }

    @Override
    public List<PredictedLoss> predictions(PrunedModel model, double... tokens) {
        Points points = at(model, tokens);
        int n = points.size;
        // one Evaluation per set of constants: it computes the factors the points share once
        FittableForm.Evaluation fitted = form.at(values);
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            losses[i] = fitted.value(points, i, null);
        }
        // by token count, then replicate, so that each count's percentiles read one row
        double[][] samples = new double[n][bootstrap.length];
        for (int b = 0; b < bootstrap.length; b++) {
            FittableForm.Evaluation replicate = form.at(bootstrap[b]);
            for (int i = 0; i < n; i++) {
                samples[i][b] = replicate.value(points, i, null);
            }
        }
        PredictedLoss[] predictions = new PredictedLoss[n];
        for (int i = 0; i < n; i++) {
            Interval interval = bootstrap.length == 0 ? new Interval(losses[i], losses[i])
                    : Bootstrap.percentileInterval(samples[i]);
            predictions[i] = new PredictedLoss(tokens[i], losses[i], interval);
        }
        return List.of(predictions);
    }

    @Override
    public List<ObservedLossPrediction> observedLossPredictions(PrunedModel model, double level, double... tokens) {
        PredictiveCalibration.checkLevel(level);
        List<PredictedLoss> curve = predictions(model, tokens);
        Points points = at(model, tokens);
        PredictiveCalibration c = quantiles.calibration();
        double multiplier = quantiles.multiplier(level);
        ObservedLossPrediction[] out = new ObservedLossPrediction[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            PredictedLoss p = curve.get(i);
            double scale = scale(c, p, points, i);
            // No scale at all (noise-free data, no spread anywhere) gives the curve band, unless the held-out
            // errors were not all 0 (an unbounded multiplier): then the interval is unbounded too, not 0 * inf.
            double spread = !Double.isFinite(multiplier) ? Double.POSITIVE_INFINITY : scale == 0 ? 0 : multiplier * scale;
            double lower = Math.min(p.loss() * Math.exp(-spread), p.interval().lower());
            double upper = Math.max(p.loss() * Math.exp(spread), p.interval().upper());
            out[i] = new ObservedLossPrediction(tokens[i], p.loss(), lower, upper, p.interval().lower(),
                    p.interval().upper(), level);
        }
        return List.of(out);
    }

    @Override
    public double probabilityAtMost(PrunedModel model, double tokens, double targetLoss) {
        if (!(targetLoss > 0)) {
            throw new IllegalArgumentException("the target loss must be > 0, got " + targetLoss);
        }
        return probabilitiesAtMost(model, targetLoss, tokens)[0];
    }

    @Override
    public double[] probabilitiesAtMost(PrunedModel model, double targetLoss, double... tokens) {
        if (!(targetLoss > 0)) {
            throw new IllegalArgumentException("the target loss must be > 0, got " + targetLoss);
        }
        List<PredictedLoss> curve = predictions(model, tokens);
        Points points = at(model, tokens);
        PredictiveCalibration c = quantiles.calibration();
        double[] probabilities = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            PredictedLoss p = curve.get(i);
            probabilities[i] = quantiles.probabilityBelow(Math.log(p.loss()), scale(c, p, points, i), Math.log(targetLoss));
        }
        return probabilities;
    }

    @Override
    public OptionalDouble tokensAtProbability(PrunedModel model, double targetLoss, double confidence) {
        if (!(targetLoss > 0) || !(confidence > 0 && confidence < 1)) {
            return OptionalDouble.empty();
        }
        PredictiveCalibration c = quantiles.calibration();
        // P(measured <= target) depends on the signed distance (ln target - ln L(D)) / scale(D) alone and grows
        // with it, so the target is met with the confidence where that distance reaches the threshold below
        OptionalDouble reached = distanceReaching(confidence);
        if (reached.isEmpty()) {
            return OptionalDouble.empty();
        }
        double threshold = reached.getAsDouble();
        double lnTarget = Math.log(targetLoss);
        // The scale changes slowly with D against ln L(D): with the scale held at its value at x, the root of
        // ln L(D) = ln target - threshold x scale needs point predictions alone (F(x)); the root sought is F's
        // fixed point, reached by the secant method on F(x) - x from the central root, each step one pass
        // over the bootstrap replicates where a root finder on the probability itself needs dozens.
        OptionalDouble central = lnTokensAtLoss(model, lnTarget, Math.log(BILLION));
        if (central.isEmpty()) {
            return OptionalDouble.empty();
        }
        double xa = central.getAsDouble();
        OptionalDouble fa = fixedPointStep(model, c, lnTarget, threshold, xa);
        if (fa.isEmpty()) {
            return OptionalDouble.empty();
        }
        double ha = fa.getAsDouble() - xa;
        double xb = fa.getAsDouble();
        for (int pass = 1; pass < SCALE_PASSES; pass++) {
            OptionalDouble fb = fixedPointStep(model, c, lnTarget, threshold, xb);
            if (fb.isEmpty()) {
                return OptionalDouble.empty();
            }
            double hb = fb.getAsDouble() - xb;
            if (Math.abs(hb) < SCALE_CONVERGED) {
                return fb;
            }
            double next = hb != ha ? xb - hb * (xb - xa) / (hb - ha) : fb.getAsDouble();
            // beyond the data the scale can grow faster than the loss falls, so the plain step F(x) diverges
            // there while the secant on F(x) - x converges; a secant step is only kept within e^2 of x
            if (!Double.isFinite(next)) {
                next = fb.getAsDouble();
            }
            next = Math.max(xb - MAX_SECANT_STEP, Math.min(xb + MAX_SECANT_STEP, next));
            xa = xb;
            ha = hb;
            xb = next;
        }
        return OptionalDouble.empty();
    }

    @Override
    public boolean cannotReach(PrunedModel model, double targetLoss, double confidence) {
        if (!(targetLoss > 0) || !(confidence >= 0.5 && confidence < 1)) {
            return false;
        }
        PredictiveCalibration c = quantiles.calibration();
        OptionalDouble reached = distanceReaching(confidence);
        if (reached.isEmpty()) {
            return false;
        }
        double threshold = reached.getAsDouble();
        double lnTarget = Math.log(targetLoss);
        Points point = at(model, BILLION);
        double lnAsymptote = Math.log(form.asymptote(values, point, 0));
        // Met at D needs ln L(D) + threshold x scale(D) <= ln target. On a cell [a, b] of ln D the loss is at least
        // L(e^b) (it falls with the tokens) and the scale at least its part without the curve band where that part is
        // least: the point of the cell nearest the family's tokens (it grows only outside them). A cell whose bound
        // stays above the target is out of reach; one that does not is split, down to UNREACHABLE_CELL.
        double[] stack = new double[2 * UNREACHABLE_CELLS];
        int top = 0;
        double end = Math.log(MOST_TOKENS);
        for (double a = Math.log(FEWEST_TOKENS); a < end; a += 1) {
            stack[top++] = a;
            stack[top++] = Math.min(end, a + 1);
        }
        int cells = 0;
        while (top > 0) {
            double b = stack[--top];
            double a = stack[--top];
            if (++cells > UNREACHABLE_CELLS) {
                return false;
            }
            double nearest = Math.max(a, Math.min(b, Double.isFinite(c.lnTokensMin()) ? c.lnTokensMin() : a));
            double scale = c.scale(0, point.lnParamsBefore[0], point.lnRate[0], nearest);
            double lnLoss = Math.max(lnAsymptote, Math.log(predict(model, Math.exp(b))));
            if (!(lnLoss + threshold * scale > lnTarget)) {
                if (b - a <= UNREACHABLE_CELL || top + 4 > stack.length) {
                    return false;
                }
                double mid = (a + b) / 2;
                stack[top++] = a;
                stack[top++] = mid;
                stack[top++] = mid;
                stack[top++] = b;
            }
        }
        return true;
    }

    /** F(x): the ln D where ln L(D) = ln target - threshold x (the scale at D = e^x). */
    private OptionalDouble fixedPointStep(PrunedModel model, PredictiveCalibration c, double lnTarget,
            double threshold, double lnTokens) {
        if (!(lnTokens > Math.log(FEWEST_TOKENS) && lnTokens < Math.log(MOST_TOKENS))) {
            return OptionalDouble.empty();
        }
        Points point = at(model, Math.exp(lnTokens));
        double scale = c.scale(curveScales(point)[0], point.lnParamsBefore[0], point.lnRate[0], point.lnTokens[0]);
        return lnTokensAtLoss(model, lnTarget - threshold * scale, lnTokens);
    }

    /**
     * The least signed distance (ln target - ln prediction) / scale at which the probability reaches
     * {@code confidence}: found on the probability itself, since the conformal multiplier is a step
     * function of the level (the probability is flat between scores, 0.5 around distance 0); kept
     * for the last confidence asked, as a plan asks the same one for every rate.
     */
    private OptionalDouble distanceReaching(double confidence) {
        Threshold last = threshold;
        if (last != null && last.confidence() == confidence) {
            return last.distance();
        }
        // at or above 0.5 the target must be met by the central prediction (the probability is 0.5 there and
        // only there): the search starts at distance 0
        double low = confidence >= 0.5 ? 0 : -MAX_DISTANCE;
        double high = MAX_DISTANCE;
        OptionalDouble distance = OptionalDouble.empty();
        if (quantiles.probabilityBelow(0, 1, low) >= confidence) {
            distance = OptionalDouble.of(low);
        } else if (quantiles.probabilityBelow(0, 1, high) >= confidence) {
            for (int k = 0; k < 100 && high - low > 1e-13; k++) {
                double mid = (low + high) / 2;
                if (quantiles.probabilityBelow(0, 1, mid) >= confidence) {
                    high = mid;
                } else {
                    low = mid;
                }
            }
            distance = OptionalDouble.of(high);
        }
        threshold = new Threshold(confidence, distance);
        return distance;
    }

    private record Threshold(double confidence, OptionalDouble distance) {
    }

    /**
     * The ln D where the central prediction first falls to {@code lnLoss}, searched outward from
     * {@code lnStart} by doubling the step and narrowed by bisection; empty outside [1, 1e30] tokens.
     */
    private OptionalDouble lnTokensAtLoss(PrunedModel model, double lnLoss, double lnStart) {
        double lnMin = Math.log(FEWEST_TOKENS);
        double lnMax = Math.log(MOST_TOKENS);
        double low;
        double high;
        if (Math.log(predict(model, Math.exp(lnStart))) <= lnLoss) {
            high = lnStart;
            double step = 0.01;
            low = high - step;
            while (low > lnMin && Math.log(predict(model, Math.exp(low))) <= lnLoss) {
                high = low;
                step *= 2;
                low = high - step;
            }
            if (low <= lnMin) {
                return OptionalDouble.empty();
            }
        } else {
            low = lnStart;
            double step = 0.01;
            high = low + step;
            while (high < lnMax && Math.log(predict(model, Math.exp(high))) > lnLoss) {
                low = high;
                step *= 2;
                high = low + step;
            }
            if (high >= lnMax) {
                return OptionalDouble.empty();
            }
        }
        for (int k = 0; k < 200 && high - low > 1e-13 * Math.max(1, Math.abs(high)); k++) {
            double mid = (low + high) / 2;
            if (Math.log(predict(model, Math.exp(mid))) <= lnLoss) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return OptionalDouble.of(high);
    }

    /** The curve band's scale on the log scale: a 95 % percentile band spans 2 x 1.96 of it. */
    private static double curveScale(double loss, Interval band) {
        if (!(band.lower() > 0) || !(band.upper() > 0) || !(loss > 0)) {
            return 0;
        }
        return (Math.log(band.upper()) - Math.log(band.lower())) / (2 * 1.959964);
    }

    private static double scale(PredictiveCalibration c, PredictedLoss p, Points points, int i) {
        return c.scale(curveScale(p.loss(), p.interval()), points.lnParamsBefore[i], points.lnRate[i],
                points.lnTokens[i]);
    }

    /** Without a calibration (a law rebuilt from constants alone) the intervals cannot be narrower than guessed. */
    private static PredictiveCalibration calibrationOrFallback(PredictiveCalibration calibration) {
        if (calibration != null) {
            return calibration;
        }
        return PredictiveCalibration.uncalibrated(0, HeldOutCalibrator.DEFAULT_GROWTH,
                HeldOutCalibrator.SMALL_FAMILY_INFLATION, new double[] {Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN},
                List.of("no calibration is stored with this law"));
    }

    /** The curve-band scale (log) at each of the points, from the bootstrap replicates; 0 without them. */
    double[] curveScales(Points points) {
        FittableForm.Evaluation fitted = form.at(values);
        double[] scales = new double[points.size];
        if (bootstrap.length == 0) {
            return scales;
        }
        double[][] samples = new double[points.size][bootstrap.length];
        for (int b = 0; b < bootstrap.length; b++) {
            FittableForm.Evaluation replicate = form.at(bootstrap[b]);
            for (int i = 0; i < points.size; i++) {
                samples[i][b] = replicate.value(points, i, null);
            }
        }
        for (int i = 0; i < points.size; i++) {
            scales[i] = curveScale(fitted.value(points, i, null), Bootstrap.percentileInterval(samples[i]));
        }
        return scales;
    }

    @Override
    public double asymptote(PrunedModel model) {
        return form.asymptote(values, at(model, BILLION), 0);
    }

    @Override
    public BudgetAnswer tokensToTarget(PrunedModel model, double targetLoss) {
        double asymptote = asymptote(model);
        if (!(targetLoss > asymptote)) {
            return unreachable(model, "the target loss " + targetLoss + " is not above the law's asymptote "
                    + asymptote + " for this model: no number of tokens reaches it");
        }
        return first(model, d -> predict(model, d) <= targetLoss, "the target loss " + targetLoss);
    }

    @Override
    public BudgetAnswer tokensAtSlope(PrunedModel model, double slopePerBillionTokens) {
        if (!(slopePerBillionTokens > 0)) {
            return unreachable(model, "the slope only approaches 0, so the threshold must be > 0, got "
                    + slopePerBillionTokens);
        }
        return first(model, d -> -form.tokenDerivative(values, at(model, d), 0) * BILLION < slopePerBillionTokens,
                "a slope below " + slopePerBillionTokens + " loss per billion tokens");
    }

    @Override
    public BudgetAnswer tokensAtDoubling(PrunedModel model, double epsilon) {
        if (!(epsilon > 0)) {
            return unreachable(model, "doubling the tokens always gains at least 0, so epsilon must be > 0, got "
                    + epsilon);
        }
        return first(model, d -> predict(model, d) - predict(model, 2 * d) < epsilon,
                "a doubling gain below " + epsilon);
    }

    /**
     * The fewest tokens where {@code reached} holds: a scan in log D finds the first bracket (the
     * curves need not be monotone for this to be right at the scan's resolution), bisection in
     * log D then narrows it to the last bit.
     */
    private BudgetAnswer first(PrunedModel model, DoublePredicate reached, String what) {
        checkModel(model);
        double lnLow = Math.log(FEWEST_TOKENS);
        double stride = (Math.log(MOST_TOKENS) - lnLow) / SCAN_STEPS;
        if (reached.test(FEWEST_TOKENS)) {
            return answer(model, FEWEST_TOKENS);
        }
        for (int s = 1; s <= SCAN_STEPS; s++) {
            double lnHigh = Math.log(FEWEST_TOKENS) + s * stride;
            if (reached.test(Math.exp(lnHigh))) {
                for (int k = 0; k < 200 && lnHigh - lnLow > 1e-15 * Math.abs(lnHigh); k++) {
                    double mid = (lnLow + lnHigh) / 2;
                    if (reached.test(Math.exp(mid))) {
                        lnHigh = mid;
                    } else {
                        lnLow = mid;
                    }
                }
                return answer(model, Math.exp(lnHigh));
            }
            lnLow = lnHigh;
        }
        return unreachable(model, "the law does not reach " + what + " within " + MOST_TOKENS + " tokens");
    }

    private BudgetAnswer answer(PrunedModel model, double tokens) {
        return new BudgetAnswer(true, tokens, predict(model, tokens), interval(model, tokens), asymptote(model), null);
    }

    private BudgetAnswer unreachable(PrunedModel model, String reason) {
        checkModel(model);
        Points point = at(model, BILLION);
        double asymptote = form.asymptote(values, point, 0);
        return new BudgetAnswer(false, Double.NaN, asymptote, spread(p -> form.asymptote(p, point, 0)), asymptote,
                reason);
    }

    /** The 95 % percentile interval of a quantity over the bootstrap replicates. */
    private Interval spread(ToDoubleFunction<double[]> quantity) {
        if (bootstrap.length == 0) {
            double v = quantity.applyAsDouble(values);
            return new Interval(v, v);
        }
        double[] sample = new double[bootstrap.length];
        for (int b = 0; b < bootstrap.length; b++) {
            sample[b] = quantity.applyAsDouble(bootstrap[b]);
        }
        return Bootstrap.percentileInterval(sample);
    }

    private Points at(PrunedModel model, double tokens) {
        return at(model, new double[] {tokens});
    }

    private Points at(PrunedModel model, double[] tokens) {
        checkModel(model);
        for (double t : tokens) {
            if (!(t > 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("tokens must be finite and > 0 (the law excludes D = 0), got " + t);
            }
        }
        return Points.of(model, tokens);
    }

    private void checkModel(PrunedModel model) {
        form.refusal(model).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }
}
