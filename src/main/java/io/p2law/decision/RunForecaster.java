package io.p2law.decision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.distribution.NormalDistribution;

import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.Interval;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.PredictedLoss;
import io.p2law.fitting.RunCurve;

/**
 * Forecasts for a run in flight: the family law times {@code exp(offset)}, where the offset is the
 * mean log residual of the run's checkpoints so far shrunk towards 0 by empirical Bayes. The family's
 * other runs give the prior: how far run means spread around the law (between-run variance) and how
 * much one checkpoint scatters around its run's mean (within-run variance, with its lag-1
 * autocorrelation, since drift makes neighbouring checkpoints carry less than independent evidence).
 * <p>
 * Intervals are split-conformal over the other runs: each is cut at the same token count as this
 * run, forecast from its own early part with the same shrinkage, and its later residuals give the
 * errors whose quantiles bound this run's forecast. Those errors are measured where the family has
 * data, and there they already hold the law's own uncertainty: adding its bootstrap band counted it
 * twice (96 % coverage at level 0.9 on generated families; the errors alone gave 88 %). Beyond the
 * other runs' sizes, rates or tokens the errors say nothing, so there the law's band at the level
 * bounds the forecast where it is the wider of the two. Fewer than {@link #MIN_ERRORS} errors fall back to a
 * normal interval from the variances, with a warning.
 */
public final class RunForecaster {

    static final int MIN_ERRORS = 20;
    private static final double BILLION = 1e9;
    private static final double BAND_Z = 1.959963984540054;
    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    /**
     * @param family the family's runs; the forecast run among them is left out of the prior
     * @param run the run in flight, with the checkpoints it has so far (possibly none)
     */
    public Forecast forecast(FittedLaw law, List<RunCurve> family, RunCurve run, ForecastRequest request) {
        return forecast(law, family, run, request, null);
    }

    /**
     * The same, with the forecast at the given token counts instead of {@code request.points()}
     * log-spaced ones (for scoring a forecast against checkpoints that were held back).
     */
    public Forecast forecastAt(FittedLaw law, List<RunCurve> family, RunCurve run, ForecastRequest request,
            double[] tokens) {
        return forecast(law, family, run, request, tokens.clone());
    }

    private Forecast forecast(FittedLaw law, List<RunCurve> family, RunCurve run, ForecastRequest request,
            double[] at) {
        law.form().refusal(run).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        PrunedModel model = run.model();
        RunScatter others = RunScatter.of(law, family, run.runId());
        Prior prior = Prior.of(others.runs());
        RunScatter.Residuals mine = RunScatter.residuals(law, run);
        int n = mine.tokens().length;
        double current = n == 0 ? 0 : mine.tokens()[n - 1];
        if (!(request.until() > current)) {
            throw new IllegalArgumentException("until (" + request.until()
                    + ") must be beyond the run's last checkpoint at " + current + " tokens");
        }
        double observed = n == 0 ? 0 : RunScatter.location(mine.logResiduals(), n, prior.scale());
        double trust = prior.trust(n);
        double offset = trust * observed;

        List<String> warnings = new ArrayList<>();
        double[] errors = conformalErrors(others.runs(), prior, current);
        double errorLow;
        double errorHigh;
        if (errors.length >= MIN_ERRORS) {
            errorLow = rankQuantile(errors, (1 - request.level()) / 2);
            errorHigh = rankQuantile(errors, (1 + request.level()) / 2);
        } else {
            double z = STANDARD.inverseCumulativeProbability((1 + request.level()) / 2);
            // a checkpoint's scatter plus the offset's posterior variance (its prior variance with no checkpoints)
            double sd = Math.sqrt(prior.noise + (n == 0 ? prior.between : trust * prior.noise / prior.effective(n)));
            errorLow = -z * sd;
            errorHigh = z * sd;
            warnings.add("only " + errors.length + " held-out residuals in the family's other runs (fewer than "
                    + MIN_ERRORS + "): the interval assumes normal scatter and is not calibrated");
        }
        double bandZ = STANDARD.inverseCumulativeProbability((1 + request.level()) / 2) / BAND_Z;

        double[] tokens = at != null ? at : grid(current > 0 ? current
                : Math.min(request.until() / 100, firstTokens(others, request.until())), request);
        double scale = Math.exp(offset);
        List<ForecastPoint> points = new ArrayList<>(tokens.length);
        for (PredictedLoss p : law.predictions(model, tokens)) {
            Interval band = p.interval();
            double bandHalfWidth = band.lower() > 0 && band.upper() > band.lower() && !others.covers(model, p.tokens())
                    ? bandZ * (Math.log(band.upper()) - Math.log(band.lower())) / 2 : 0;
            double loss = p.loss() * scale;
            points.add(new ForecastPoint(p.tokens(), loss, loss * Math.exp(Math.min(errorLow, -bandHalfWidth)),
                    loss * Math.exp(Math.max(errorHigh, bandHalfWidth))));
        }

        BudgetAnswer target = request.hasTarget() ? law.tokensToTarget(model, request.targetLoss() / scale) : null;
        BudgetAnswer slope = request.hasSlopeThreshold()
                ? law.tokensAtSlope(model, request.slopeThreshold() / scale) : null;
        double targetTokens = target != null && target.reachable() ? target.tokens() : Double.NaN;
        double slopeTokens = slope != null && slope.reachable() ? slope.tokens() : Double.NaN;
        Verdict verdict = advise(law, model, scale, current, request, target, slope,
                points.get(points.size() - 1).loss());
        if (n == 0) {
            warnings.add("the run has no checkpoints yet: the forecast is the law's prediction");
        }
        if (others.runCount() == 0) {
            warnings.add("the family has no other runs: the run's offset cannot be judged and is not used");
        }
        return new Forecast(run.runId(), n, current, observed, offset, trust, request.level(), points,
                request.hasTarget() ? request.targetLoss() : Double.NaN, target != null && target.reachable(),
                targetTokens, request.hasSlopeThreshold() ? request.slopeThreshold() : Double.NaN, slopeTokens,
                verdict.advice(), verdict.reason(), warnings);
    }

    private record Verdict(Advice advice, String reason) {
    }

    /** The target decides first (reached, out of reach, on its way), then the slope threshold. */
    private static Verdict advise(FittedLaw law, PrunedModel model, double scale, double current,
            ForecastRequest request, BudgetAnswer target, BudgetAnswer slope, double lossAtUntil) {
        String goal = request.hasTarget() ? fmt(request.targetLoss()) : "";
        if (target != null && target.reachable() && target.tokens() <= current) {
            return new Verdict(Advice.STOP_TARGET_REACHED, "the forecast loss at the last checkpoint (" + fmt(current)
                    + " tokens) is " + fmt(law.predict(model, current) * scale) + ", at or below the target " + goal);
        }
        if (target != null && !target.reachable()) {
            return new Verdict(Advice.STOP_UNREACHABLE, "this run levels off at " + fmt(law.asymptote(model) * scale)
                    + " (the law's asymptote " + fmt(law.asymptote(model)) + " with the run's offset), above the target "
                    + goal + ": no number of tokens reaches it");
        }
        if (target != null && target.tokens() > request.until()) {
            return new Verdict(Advice.STOP_UNREACHABLE, "the forecast reaches the target " + goal + " only at "
                    + fmt(target.tokens()) + " tokens, beyond until (" + fmt(request.until()) + ")");
        }
        if (target != null) {
            return new Verdict(Advice.CONTINUE, "the forecast reaches the target " + goal + " at "
                    + fmt(target.tokens()) + " tokens, " + fmt(target.tokens() - current)
                    + " more than the last checkpoint");
        }
        if (slope != null && slope.reachable() && slope.tokens() <= current) {
            return new Verdict(Advice.STOP_DIMINISHING_RETURNS, "past " + fmt(slope.tokens())
                    + " tokens the forecast loss falls by less than " + fmt(request.slopeThreshold())
                    + " per billion tokens; the run is at " + fmt(current));
        }
        if (slope != null && slope.reachable()) {
            return new Verdict(Advice.CONTINUE, "the forecast loss falls by more than " + fmt(request.slopeThreshold())
                    + " per billion tokens until " + fmt(slope.tokens()) + " tokens");
        }
        return new Verdict(Advice.CONTINUE, "no target loss or slope threshold was given; the forecast loss at "
                + fmt(request.until()) + " tokens is " + fmt(lossAtUntil));
    }

    /** {@code points} token counts, log-spaced after {@code start} up to and including until. */
    private static double[] grid(double start, ForecastRequest request) {
        double[] tokens = new double[request.points()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = Math.exp(Math.log(start) + (Math.log(request.until()) - Math.log(start)) * (i + 1)
                    / tokens.length);
        }
        tokens[tokens.length - 1] = request.until();
        return tokens;
    }

    /** Each other run cut at {@code current} tokens, forecast from its early part: its later log errors. */
    private static double[] conformalErrors(List<RunScatter.Residuals> runs, Prior prior, double current) {
        List<Double> errors = new ArrayList<>();
        for (RunScatter.Residuals r : runs) {
            int early = 0;
            while (early < r.tokens().length && r.tokens()[early] <= current) {
                early++;
            }
            double offset = early == 0 ? 0
                    : prior.trust(early) * RunScatter.location(r.logResiduals(), early, prior.scale());
            for (int j = early; j < r.tokens().length; j++) {
                errors.add(r.logResiduals()[j] - offset);
            }
        }
        return errors.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The ceil((m + 1) q)-th smallest of m errors (split-conformal rank), clipped to the sample. */
    static double rankQuantile(double[] errors, double q) {
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        int m = sorted.length;
        int rank = q >= 0.5 ? (int) Math.ceil((m + 1) * q) : (int) Math.floor((m + 1) * q);
        return sorted[Math.min(m, Math.max(1, rank)) - 1];
    }

    private static double firstTokens(RunScatter others, double fallback) {
        double first = fallback;
        for (RunScatter.Residuals r : others.runs()) {
            first = Math.min(first, r.tokens()[0]);
        }
        return first;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.4g", value);
    }

    /**
     * The empirical-Bayes prior from the other runs: {@code between}, the variance of run offsets
     * (the spread of run means beyond what their own noise explains), {@code noise}, the robust
     * variance of a checkpoint around its run's mean, and {@code lag1}, the pooled lag-1
     * autocorrelation of those deviations.
     */
    record Prior(double between, double noise, double lag1) {

        static Prior of(List<RunScatter.Residuals> runs) {
            if (runs.isEmpty()) {
                return new Prior(0, 0, 0);
            }
            // the scale first (about each run's median), then Huber means with it, so that a loss spike
            // moves neither a run's offset nor the noise much
            List<Double> spread = new ArrayList<>();
            for (RunScatter.Residuals run : runs) {
                double[] r = run.logResiduals();
                double median = RunScatter.median(r);
                for (double v : r) {
                    spread.add(v - median);
                }
            }
            double scale = RunScatter.robustScale(spread.stream().mapToDouble(Double::doubleValue).toArray());
            double[] means = new double[runs.size()];
            double products = 0;
            double squares = 0;
            for (int k = 0; k < runs.size(); k++) {
                double[] r = runs.get(k).logResiduals();
                means[k] = RunScatter.location(r, r.length, scale);
                for (int j = 0; j + 1 < r.length; j++) {
                    double d = clip(r[j] - means[k], scale);
                    squares += d * d;
                    products += d * clip(r[j + 1] - means[k], scale);
                }
            }
            double noise = scale * scale;
            double lag1 = squares > 0 ? Math.min(0.98, Math.max(0, products / squares)) : 0;
            Prior withoutBetween = new Prior(0, noise, lag1);
            double between = 0;
            double expected = 0;
            double grand = mean(means);
            for (int k = 0; k < runs.size(); k++) {
                between += (means[k] - grand) * (means[k] - grand);
                expected += noise / withoutBetween.effective(runs.get(k).logResiduals().length);
            }
            between = runs.size() < 2 ? 0 : Math.max(0, between / (runs.size() - 1) - expected / runs.size());
            return new Prior(between, noise, lag1);
        }

        /** Deviations beyond 3 scales count as 3 scales in the autocorrelation. */
        private static double clip(double deviation, double scale) {
            return scale == 0 ? deviation : Math.max(-3 * scale, Math.min(3 * scale, deviation));
        }

        double scale() {
            return Math.sqrt(noise);
        }

        /** How many independent checkpoints {@code n} autocorrelated ones are worth. */
        double effective(int n) {
            return n == 0 ? 0 : Math.max(1, n * (1 - lag1) / (1 + lag1));
        }

        /** The weight of the run's own mean residual: between / (between + noise / effective n). */
        double trust(int n) {
            if (n == 0 || between == 0) {
                return 0;
            }
            return between / (between + noise / effective(n));
        }
    }
}
