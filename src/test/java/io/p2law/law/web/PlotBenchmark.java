package io.p2law.law.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

/**
 * The plot's benchmark (not a test): a 100-run family of 1,000 checkpoints per run (100,000 in all)
 * drawn with its p2 curves the way {@code GET .../law/plot.svg} draws it once the law is known
 * (predicting the curves, thinning the checkpoints, writing the SVG), after warm-up; also the nine-run
 * shape of the synthetic depth family at the same density. Reports the median time and the size.
 * Run with {@code ./mvnw -q -B -Pplot-bench test-compile exec:exec}.
 */
public final class PlotBenchmark {

    // The constants the synthetic depth family was drawn from (gamma, delta, alpha, beta, NC, DC, E).
    private static final double[] TRUTH = {-1.0, 0.3, 0.2, 0.35, 0.3, 0.15, 0.5};

    private PlotBenchmark() {
    }

    public static void main(String[] args) {
        System.out.printf("plot benchmark: %d cores, max heap %d MB, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        try (LawFitting fitting = new LawFitting(1)) {
            FittedLaw law = fitting.restore("p2", TRUTH, new double[0][]);
            measure(law, family(100, 1_000));
            measure(law, family(9, 1_000));
            measure(law, family(100, 100));
        }
    }

    private static void measure(FittedLaw law, List<RunCurve> runs) {
        LossCurvePlot renderer = new LossCurvePlot();
        long checkpoints = runs.stream().mapToLong(run -> run.tokens().length).sum();
        String svg = "";
        for (int warmUp = 0; warmUp < 10; warmUp++) {
            svg = LawPlotService.draw(renderer, "bench", "p2", law, runs);
        }
        double[] millis = new double[21];
        for (int rep = 0; rep < millis.length; rep++) {
            long start = System.nanoTime();
            svg = LawPlotService.draw(renderer, "bench", "p2", law, runs);
            millis[rep] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%d runs, %,d checkpoints: median %.1f ms (min %.1f, max %.1f), %,d bytes (%.0f KB)%n",
                runs.size(), checkpoints, millis[millis.length / 2], millis[0], millis[millis.length - 1],
                svg.getBytes(StandardCharsets.UTF_8).length, svg.getBytes(StandardCharsets.UTF_8).length / 1024.0);
    }

    /** Runs over five model sizes and four pruning rates, log-spaced checkpoints from 20M to 1B tokens, noisy losses. */
    static List<RunCurve> family(int runCount, int checkpoints) {
        SplittableRandom random = new SplittableRandom(42);
        double[] sizes = {1.24e9, 3.21e9, 8.03e9, 1.4e10, 7.0e10};
        double[] rates = {0.15, 0.25, 0.35, 0.5};
        List<RunCurve> runs = new ArrayList<>(runCount);
        for (int r = 0; r < runCount; r++) {
            double size = sizes[r % sizes.length];
            double rate = rates[(r / sizes.length) % rates.length];
            double lossBefore = 2.6 - 0.1 * (r % sizes.length);
            double[] tokens = new double[checkpoints];
            double[] losses = new double[checkpoints];
            for (int i = 0; i < checkpoints; i++) {
                tokens[i] = Math.round(2e7 * Math.pow(50, i / (checkpoints - 1.0)));
                double n0 = size / 1e9;
                double d = tokens[i] / 1e9;
                losses[i] = lossBefore + Math.pow(1 / rate, TRUTH[0]) * Math.pow(1 / n0, TRUTH[1])
                        * (TRUTH[4] / Math.pow(n0, TRUTH[2]) + TRUTH[5] / Math.pow(d, TRUTH[3]) + TRUTH[6])
                        + 0.005 * (random.nextDouble() - 0.5);
            }
            runs.add(new RunCurve("run-" + r + "-" + (long) size + "-" + rate,
                    new PrunedModel(size, size * (1 - rate), rate, lossBefore), tokens, losses));
        }
        return runs;
    }
}
