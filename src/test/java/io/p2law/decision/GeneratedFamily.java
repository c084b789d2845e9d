package io.p2law.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

/**
 * A seeded P2 family for the decision tests and benchmark, drawn around the shared depth family's
 * true law with its shape varied: 3 or 4 model sizes, 2 or 3 pruning rates, 20 to 40 checkpoints
 * per run from 20M to 10B tokens, and what makes real runs differ: a per-run offset (seed, data
 * order), slow AR(1) drift, evaluation noise and rare loss spikes, each at a family-drawn strength.
 */
record GeneratedFamily(long seed, double[] constants, List<RunCurve> runs, double offsetSd, double noiseSd,
        double driftStep) {

    private static final double[][] MODELS = {{0.5e9, 2.6}, {1.24e9, 2.35}, {3.21e9, 2.12}, {8.03e9, 1.95}};
    private static final double[] RATES = {0.1, 0.2, 0.3, 0.4, 0.5};

    static GeneratedFamily of(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] c = {uniform(random, -1.2, -0.7), uniform(random, 0.2, 0.4), uniform(random, 0.1, 0.3),
            uniform(random, 0.25, 0.45), uniform(random, 0.2, 0.5), uniform(random, 0.08, 0.2),
            uniform(random, 0.3, 0.6)};
        double offsetSd = uniform(random, 0.004, 0.03);
        double noiseSd = uniform(random, 0.002, 0.008);
        double driftStep = uniform(random, 0, 0.002);
        int sizes = 3 + random.nextInt(2);
        int firstSize = sizes == 4 ? 0 : random.nextInt(2);
        int rateCount = 2 + random.nextInt(2);
        int firstRate = random.nextInt(RATES.length - rateCount + 1);
        int repeats = 1 + random.nextInt(2);
        List<RunCurve> runs = new ArrayList<>();
        for (int s = firstSize; s < firstSize + sizes; s++) {
            for (int q = firstRate; q < firstRate + rateCount; q++) {
                for (int rep = 0; rep < repeats; rep++) {
                    runs.add(run(random, c, MODELS[s], RATES[q], offsetSd, noiseSd, driftStep,
                            "s" + s + "-r" + q + "-" + rep));
                }
            }
        }
        return new GeneratedFamily(seed, c, runs, offsetSd, noiseSd, driftStep);
    }

    private static RunCurve run(SplittableRandom random, double[] c, double[] model, double rate, double offsetSd,
            double noiseSd, double driftStep, String id) {
        int n = 20 + random.nextInt(21);
        double offset = offsetSd * gaussian(random);
        double drift = 0;
        double[] tokens = new double[n];
        double[] losses = new double[n];
        for (int j = 0; j < n; j++) {
            tokens[j] = 2e7 * Math.pow(500, j / (n - 1.0));
            drift = 0.9 * drift + driftStep * gaussian(random);
            double spike = random.nextDouble() < 0.02 ? uniform(random, 0.02, 0.08) : 0;
            losses[j] = truth(c, model[0], rate, model[1], tokens[j]) + offset + drift + noiseSd * gaussian(random)
                    + spike;
        }
        return new RunCurve(id, new PrunedModel(model[0], model[0] * (1 - rate), rate, model[1]), tokens, losses);
    }

    /** The P2 law written out independently of the engine. */
    static double truth(double[] c, double paramsBefore, double rate, double lossBefore, double tokens) {
        double n0 = paramsBefore / 1e9;
        double d = tokens / 1e9;
        return lossBefore + Math.pow(1 / rate, c[0]) * Math.pow(1 / n0, c[1])
                * (c[4] / Math.pow(n0, c[2]) + c[5] / Math.pow(d, c[3]) + c[6]);
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** The run with only its first {@code share} of checkpoints (at least one). */
    static RunCurve firstPart(RunCurve run, double share) {
        int keep = Math.max(1, (int) Math.ceil(share * run.tokens().length));
        return new RunCurve(run.runId(), run.model(), java.util.Arrays.copyOf(run.tokens(), keep),
                java.util.Arrays.copyOf(run.losses(), keep));
    }
}
