package io.p2law.decision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

/**
 * How the family's runs sit around their law, in log loss (the fit's own residual scale): each
 * run's residuals {@code ln L - ln L_law} in token order. A run is offset from the law (seed, data
 * order) and scatters around its offset (evaluation noise, drift, spikes); forecasts separate the
 * two.
 */
public final class RunScatter {

    private final List<Residuals> runs;

    private RunScatter(List<Residuals> runs) {
        this.runs = List.copyOf(runs);
    }

    /** One run's residuals, ordered by tokens. */
    record Residuals(String runId, double paramsBefore, double pruningRate, double[] tokens, double[] logResiduals) {
    }

    /**
     * The residuals of every run the law's form accepts, leaving out {@code excludedRunId} (the run
     * being forecast must not vouch for itself); null excludes nothing.
     */
    public static RunScatter of(FittedLaw law, List<RunCurve> runs, String excludedRunId) {
        List<Residuals> residuals = new ArrayList<>();
        for (RunCurve run : runs) {
            if (run.runId().equals(excludedRunId) || law.form().refusal(run).isPresent()) {
                continue;
            }
            Residuals r = residuals(law, run);
            if (r.tokens.length > 0) {
                residuals.add(r);
            }
        }
        return new RunScatter(residuals);
    }

    static Residuals residuals(FittedLaw law, RunCurve run) {
        PrunedModel model = run.model();
        int n = 0;
        for (double t : run.tokens()) {
            if (t > 0) {
                n++;
            }
        }
        double[][] pairs = new double[n][];
        int k = 0;
        for (int j = 0; j < run.tokens().length; j++) {
            if (run.tokens()[j] > 0) {
                pairs[k++] = new double[] {run.tokens()[j], run.losses()[j]};
            }
        }
        Arrays.sort(pairs, (a, b) -> Double.compare(a[0], b[0]));
        double[] tokens = new double[n];
        double[] residuals = new double[n];
        for (int j = 0; j < n; j++) {
            tokens[j] = pairs[j][0];
            residuals[j] = Math.log(pairs[j][1]) - Math.log(law.predict(model, pairs[j][0]));
        }
        return new Residuals(run.runId(), model.paramsBefore(), model.pruningRate(), tokens, residuals);
    }

    List<Residuals> runs() {
        return runs;
    }

    /** Whether the model's size and rate, and the tokens, lie within these runs' (no runs: never). */
    boolean covers(PrunedModel model, double tokens) {
        double[] low = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] high = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Residuals r : runs) {
            double[] first = {r.paramsBefore(), r.pruningRate(), r.tokens()[0]};
            double[] last = {r.paramsBefore(), r.pruningRate(), r.tokens()[r.tokens().length - 1]};
            for (int k = 0; k < 3; k++) {
                low[k] = Math.min(low[k], first[k]);
                high[k] = Math.max(high[k], last[k]);
            }
        }
        double[] asked = {model.paramsBefore(), model.pruningRate(), tokens};
        for (int k = 0; k < 3; k++) {
            if (!(asked[k] >= low[k] && asked[k] <= high[k])) {
                return false;
            }
        }
        return true;
    }

    /** Runs with at least one residual. */
    public int runCount() {
        return runs.size();
    }

    static double robustScale(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return 1.4826 * median(deviations);
    }

    /**
     * Huber's M-estimate of the location of the first {@code count} values, threshold 1.345 scales
     * (95 % efficient under normal noise, while a spike pulls it by at most that much): iteratively
     * reweighted from the median. A scale of 0 gives the median.
     */
    static double location(double[] values, int count, double scale) {
        double[] first = Arrays.copyOf(values, count);
        double center = median(first);
        if (scale == 0) {
            return center;
        }
        double threshold = 1.345 * scale;
        for (int step = 0; step < 50; step++) {
            double weighted = 0;
            double weights = 0;
            for (double v : first) {
                double deviation = Math.abs(v - center);
                double w = deviation <= threshold ? 1 : threshold / deviation;
                weighted += w * v;
                weights += w;
            }
            double next = weighted / weights;
            if (Math.abs(next - center) <= 1e-12 * scale) {
                return next;
            }
            center = next;
        }
        return center;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
