package io.p2law.fitting;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded family of P2-shaped runs with what generated it: varied constants, 3 to 5 model sizes,
 * 2 to 4 pruning rates, 30 to 60 checkpoints per run, Gaussian evaluation noise, AR(1) drift and
 * loss spikes. {@link Kind#BELOW_FLOOR} and {@link Kind#FLATTENING} are deliberately misspecified:
 * post-training that takes the loss below the loss before pruning, and curves that stop improving early.
 * {@code noise} is each point's loss minus the true law's (what the oracle interval must cover);
 * {@code truths} are the runs without noise, drift or spikes, and {@code noiseRms} the root mean square of
 * what was added to them.
 */
record GeneratedFamily(String name, Kind kind, String description, List<RunCurve> runs, double noiseQuantile90,
        List<RunCurve> truths, double noiseRms) {

    enum Kind {
        WELL_SPECIFIED, BELOW_FLOOR, FLATTENING;

        boolean misspecified() {
            return this != WELL_SPECIFIED;
        }
    }

    private static final double[] SIZES = {0.5, 1.24, 3.21, 8.03, 14, 27, 70};
    private static final double[] RATES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};

    static GeneratedFamily generate(long seed, Kind kind) {
        return generate(seed, 0, kind);
    }

    /**
     * Draw {@code draw} of the family with this seed: draw 0 is the family itself, each later draw a fresh,
     * independent family from a stream of its own (deterministic in seed and draw), for a benchmark that
     * redraws a misspecified family whose departure from the form turned out to be below the noise.
     */
    static GeneratedFamily generate(long seed, int draw, Kind kind) {
        SplittableRandom random = new SplittableRandom(draw == 0 ? seed : seed ^ (draw * 0x9E3779B97F4A7C15L));
        int sizeCount = 3 + random.nextInt(3);
        int rateCount = 2 + random.nextInt(3);
        int firstSize = random.nextInt(SIZES.length - sizeCount + 1);
        int firstRate = random.nextInt(RATES.length - rateCount + 1);
        double gamma = uniform(random, -1.3, -0.6);
        double delta = uniform(random, 0.1, 0.45);
        double alpha = uniform(random, 0.1, 0.4);
        double beta = uniform(random, 0.25, 0.5);
        double nc = uniform(random, 0.15, 0.5);
        double dc = uniform(random, 0.08, 0.25);
        double e = uniform(random, 0.1, 0.6);
        double sigma = uniform(random, 0.002, 0.012);
        double driftStep = random.nextInt(4) == 0 ? 0 : uniform(random, 0.0005, 0.003);
        int spikes = random.nextInt(5);
        double maxTokens = Math.exp(uniform(random, Math.log(5e9), Math.log(2e10)));
        List<double[]> models = new ArrayList<>();
        for (int s = firstSize; s < firstSize + sizeCount; s++) {
            for (int r = firstRate; r < firstRate + rateCount; r++) {
                models.add(new double[] {SIZES[s], RATES[r], 1.6 + 0.8 * Math.pow(SIZES[s], -0.25)});
            }
        }
        double[] p2 = {gamma, delta, alpha, beta, nc, dc, e};
        // below the floor: an offset that takes the run with the least excess well below L0 at its end
        double offset = 0;
        if (kind == Kind.BELOW_FLOOR) {
            double least = Double.POSITIVE_INFINITY;
            for (double[] m : models) {
                least = Math.min(least, excess(p2, m[0], m[1], maxTokens));
            }
            offset = least + uniform(random, 0.03, 0.08);
        }
        List<RunCurve> runs = new ArrayList<>();
        List<RunCurve> truths = new ArrayList<>();
        List<Double> noise = new ArrayList<>();
        for (double[] m : models) {
            int n = 30 + random.nextInt(31);
            double[] tokens = new double[n];
            double[] losses = new double[n];
            double[] exact = new double[n];
            double drift = 0;
            // each run flattens at its own point: no exponent shared by the family can follow them all
            // each run stops improving where the law still had 8 to 20 noise levels of decline ahead of it
            // (not before 100M tokens), so that the plateau is material, and at its own point
            double lost = uniform(random, 8, 20) * sigma;
            double scale = excess(p2, m[0], m[1], 1e9) - excess(p2, m[0], m[1], Double.POSITIVE_INFINITY);
            double runKnee = 1e9 * Math.pow(lost / scale + Math.pow(maxTokens / 1e9, -beta), -1 / beta);
            runKnee = Math.max(1e8, runKnee);
            for (int j = 0; j < n; j++) {
                tokens[j] = Math.rint(2e7 * Math.pow(maxTokens / 2e7, j / (n - 1.0)));
                double d = kind == Kind.FLATTENING ? Math.pow(Math.pow(tokens[j], -4) + Math.pow(runKnee, -4), -0.25)
                        : tokens[j];
                double truth = m[2] + excess(p2, m[0], m[1], d) - offset;
                drift = 0.9 * drift + driftStep * gaussian(random);
                double eps = sigma * gaussian(random) + drift;
                losses[j] = truth + eps;
                exact[j] = truth;
                noise.add(Math.abs(eps));
            }
            for (int k = 0; k < spikes; k++) {
                if (random.nextInt(models.size()) == 0) {
                    losses[random.nextInt(n)] += uniform(random, 0.02, 0.08);
                }
            }
            String id = "n" + m[0] + "-r" + m[1];
            PrunedModel model = new PrunedModel(m[0] * 1e9, m[0] * 1e9 * (1 - m[1]), m[1], m[2]);
            runs.add(new RunCurve(id, model, tokens, losses));
            truths.add(new RunCurve(id, model, tokens, exact));
        }
        double[] abs = noise.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String description = String.format(java.util.Locale.ROOT, "%d sizes x %d rates, sigma %.4f, drift %.4f, "
                + "%d spike chances", sizeCount, rateCount, sigma, driftStep, spikes);
        return new GeneratedFamily(kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + seed
                + (draw == 0 ? "" : "." + draw), kind, description,
                List.copyOf(runs), abs[(int) Math.floor(0.9 * (abs.length - 1))], List.copyOf(truths), rms(abs));
    }

    private static double rms(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum / values.length);
    }

    /** The shared synthetic files as families, with their noise from the published truth. */
    static GeneratedFamily shared(String file, String truthName) {
        List<RunCurve> runs = TestData.synthetic(file);
        SyntheticTruth truth = SyntheticTruth.of(truthName);
        List<Double> noise = new ArrayList<>();
        for (RunCurve run : runs) {
            for (int j = 0; j < run.tokens().length; j++) {
                noise.add(Math.abs(run.losses()[j] - truth.loss(run.model().paramsBefore(), run.model().pruningRate(),
                        run.model().lossBefore(), run.tokens()[j])));
            }
        }
        double[] abs = noise.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new GeneratedFamily(file, Kind.WELL_SPECIFIED, "shared data", runs,
                abs[(int) Math.floor(0.9 * (abs.length - 1))], List.of(), rms(abs));
    }

    private static double excess(double[] p, double n0, double rate, double tokens) {
        double d = tokens / 1e9;
        return Math.pow(1 / rate, p[0]) * Math.pow(1 / n0, p[1])
                * (p[4] / Math.pow(n0, p[2]) + p[5] / Math.pow(d, p[3]) + p[6]);
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
