package io.p2law.fitting;

import java.util.ArrayList;
import java.util.List;

/**
 * The fitted checkpoints in columns, with the logarithms every form needs computed once, so that
 * the objective's inner loop costs a few exponentials per point and no allocation.
 * Raw counts throughout; forms rescale (the P2 forms to billions) themselves.
 */
final class Points {

    final int size;
    final int runCount;
    final int[] run;
    final String[] runIds;
    final double[] lnParamsBefore;
    final double[] lnParamsAfter;
    final double[] rate;
    final double[] lnRate;
    final double[] lossBefore;
    final double[] tokens;
    final double[] lnTokens;
    final double[] loss;
    final double[] lnLoss;

    private Points(int size, int runCount, String[] runIds) {
        this.size = size;
        this.runCount = runCount;
        this.runIds = runIds;
        run = new int[size];
        lnParamsBefore = new double[size];
        lnParamsAfter = new double[size];
        rate = new double[size];
        lnRate = new double[size];
        lossBefore = new double[size];
        tokens = new double[size];
        lnTokens = new double[size];
        loss = new double[size];
        lnLoss = new double[size];
    }

    /** A view of {@code of} with other token counts: every other column is shared, not copied. */
    private Points(Points of, double[] tokens, double[] lnTokens) {
        size = of.size;
        runCount = of.runCount;
        runIds = of.runIds;
        run = of.run;
        lnParamsBefore = of.lnParamsBefore;
        lnParamsAfter = of.lnParamsAfter;
        rate = of.rate;
        lnRate = of.lnRate;
        lossBefore = of.lossBefore;
        this.tokens = tokens;
        this.lnTokens = lnTokens;
        loss = of.loss;
        lnLoss = of.lnLoss;
    }

    /**
     * These points as if each had been reached at {@code tokens[i]} ({@code lnTokens[i]} its logarithm)
     * tokens: a view, the arrays are the caller's.
     */
    Points atTokens(double[] tokens, double[] lnTokens) {
        return new Points(this, tokens, lnTokens);
    }

    /** The checkpoints of the runs with more than {@code minTokens} (and more than 0) tokens. */
    static Points of(List<RunCurve> runs, double minTokens) {
        int n = 0;
        for (RunCurve r : runs) {
            for (double d : r.tokens()) {
                if (fitted(d, minTokens)) {
                    n++;
                }
            }
        }
        Points p = new Points(n, runs.size(), runs.stream().map(RunCurve::runId).toArray(String[]::new));
        int i = 0;
        for (int k = 0; k < runs.size(); k++) {
            RunCurve r = runs.get(k);
            int first = i;
            for (int j = 0; j < r.tokens().length; j++) {
                if (fitted(r.tokens()[j], minTokens)) {
                    if (i == first) {
                        p.set(i, k, r.model().paramsBefore(), r.model().paramsAfter(), r.model().pruningRate(), r.model().lossBefore(),
                                r.tokens()[j], r.losses()[j]);
                    } else {
                        p.setCheckpoint(i, first, r.tokens()[j], r.losses()[j]);
                    }
                    i++;
                }
            }
        }
        return p;
    }

    /** One point, for predictions. */
    static Points of(PrunedModel m, double tokens) {
        return of(m, new double[] {tokens});
    }

    /**
     * The planned model as one run with a point per token count, so that an {@link FittableForm.Evaluation}
     * computes what the model's points share once for all of them.
     */
    static Points of(PrunedModel m, double[] tokens) {
        Points p = new Points(tokens.length, 1, new String[] {"planned"});
        for (int i = 0; i < tokens.length; i++) {
            if (i == 0) {
                p.set(0, 0, m.paramsBefore(), m.paramsAfter(), m.pruningRate(), m.lossBefore(), tokens[0], 1.0);
            } else {
                p.setCheckpoint(i, 0, tokens[i], 1.0);
            }
        }
        return p;
    }

    /** A further checkpoint of the run whose first point is {@code first}: the run's logarithms are copied. */
    private void setCheckpoint(int i, int first, double d, double l) {
        run[i] = run[first];
        lnParamsBefore[i] = lnParamsBefore[first];
        lnParamsAfter[i] = lnParamsAfter[first];
        rate[i] = rate[first];
        lnRate[i] = lnRate[first];
        lossBefore[i] = lossBefore[first];
        tokens[i] = d;
        lnTokens[i] = Math.log(d);
        loss[i] = l;
        lnLoss[i] = Math.log(l);
    }

    private static boolean fitted(double tokens, double minTokens) {
        return tokens > 0 && tokens >= minTokens;
    }

    private void set(int i, int k, double n0, double n, double rho, Double l0, double d, double l) {
        run[i] = k;
        lnParamsBefore[i] = Math.log(n0);
        lnParamsAfter[i] = Math.log(n);
        rate[i] = rho;
        lnRate[i] = Math.log(rho);
        lossBefore[i] = l0 == null ? Double.NaN : l0;
        tokens[i] = d;
        lnTokens[i] = Math.log(d);
        loss[i] = l;
        lnLoss[i] = Math.log(l);
    }

    /**
     * How many distinct values a per-point column takes, as {@link Double#equals} tells them apart:
     * counted on a sorted copy (no boxing) of the values that differ from the one before them, so
     * that a column whose runs share one value per run sorts a value per run, not one per point.
     */
    static int distinct(double[] column) {
        if (column.length == 0) {
            return 0;
        }
        double[] changes = new double[column.length];
        int n = 0;
        for (int i = 0; i < column.length; i++) {
            if (i == 0 || Double.compare(column[i], column[i - 1]) != 0) {
                changes[n++] = column[i];
            }
        }
        double[] sorted = java.util.Arrays.copyOf(changes, n);
        java.util.Arrays.sort(sorted);
        int count = 1;
        for (int i = 1; i < sorted.length; i++) {
            if (Double.compare(sorted[i], sorted[i - 1]) != 0) {
                count++;
            }
        }
        return count;
    }

    /** Point indices grouped by run, each group in token order. */
    List<int[]> byRun() {
        int[] counts = new int[runCount];
        for (int r : run) {
            counts[r]++;
        }
        List<int[]> groups = new ArrayList<>(runCount);
        int[] fill = new int[runCount];
        for (int k = 0; k < runCount; k++) {
            groups.add(new int[counts[k]]);
        }
        for (int i = 0; i < size; i++) {
            groups.get(run[i])[fill[run[i]]++] = i;
        }
        for (int[] g : groups) {
            sortByTokens(g);
        }
        return groups;
    }

    private void sortByTokens(int[] g) {
        boolean sorted = true;
        for (int j = 1; j < g.length && sorted; j++) {
            sorted = tokens[g[j - 1]] <= tokens[g[j]];
        }
        if (sorted) {
            return;
        }
        Integer[] boxed = java.util.Arrays.stream(g).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(boxed, (a, b) -> Double.compare(tokens[a], tokens[b]));
        for (int j = 0; j < g.length; j++) {
            g[j] = boxed[j];
        }
    }

    /** How many runs have at least one point here. */
    int fittedRuns() {
        return fittedRunIndices().length;
    }

    /** The indices of the runs with at least one point here, ascending (a pass over the points, no boxing). */
    int[] fittedRunIndices() {
        boolean[] seen = new boolean[runCount];
        int count = 0;
        for (int r : run) {
            if (!seen[r]) {
                seen[r] = true;
                count++;
            }
        }
        int[] indices = new int[count];
        for (int r = 0, j = 0; r < runCount; r++) {
            if (seen[r]) {
                indices[j++] = r;
            }
        }
        return indices;
    }

    /**
     * A deterministic, evenly strided subset of at most {@code limit} points (for seeding big fits):
     * every {@code stride}-th point of each run, counted from the run's first, so that a checkpoint
     * appended to one run leaves the other runs' picks, and so a warm refit's replicates, unchanged.
     */
    Points subsample(int limit) {
        if (size <= limit) {
            return this;
        }
        // not ceil(size / limit): that changes at every exact multiple of the limit, and a round
        // 100,000 points plus one appended would refit its replicates on another subset
        int stride = size / limit + 1;
        int m = 0;
        for (int i = 0, first = 0; i < size; i++) {
            if (i > 0 && run[i] != run[i - 1]) {
                first = i;
            }
            if ((i - first) % stride == 0) {
                m++;
            }
        }
        Points p = new Points(m, runCount, runIds);
        for (int j = 0, i = 0, first = 0; i < size; i++) {
            if (i > 0 && run[i] != run[i - 1]) {
                first = i;
            }
            if ((i - first) % stride == 0) {
                p.copy(j++, this, i);
            }
        }
        return p;
    }

    /** The points where {@code keep} is true, in order; run indices are kept as they are. */
    Points select(boolean[] keep) {
        int m = 0;
        for (boolean k : keep) {
            m += k ? 1 : 0;
        }
        Points p = new Points(m, runCount, runIds);
        for (int j = 0, i = 0; i < size; i++) {
            if (keep[i]) {
                p.copy(j++, this, i);
            }
        }
        return p;
    }

    private void copy(int j, Points from, int i) {
        run[j] = from.run[i];
        lnParamsBefore[j] = from.lnParamsBefore[i];
        lnParamsAfter[j] = from.lnParamsAfter[i];
        rate[j] = from.rate[i];
        lnRate[j] = from.lnRate[i];
        lossBefore[j] = from.lossBefore[i];
        tokens[j] = from.tokens[i];
        lnTokens[j] = from.lnTokens[i];
        loss[j] = from.loss[i];
        lnLoss[j] = from.lnLoss[i];
    }
}
