package io.p2law.fitting;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fitting engine's benchmark (not a test): p2 on the 450-point depth family after warm-up,
 * growth from 1k to 1M generated checkpoints, and a 1,000-resample bootstrap. Run with
 * {@code ./mvnw -q -B -Pfitting-bench test-compile exec:exec} (forks a JVM with -Xmx512m).
 */
public final class FittingBenchmark {

    private static final FitOptions NO_BOOTSTRAP = new FitOptions(1e-3, 8, 0, 0, 42L);

    private FittingBenchmark() {
    }

    public static void main(String[] args) {
        int parallelism = Runtime.getRuntime().availableProcessors();
        System.out.printf("fitting benchmark: %d cores, max heap %d MB, Java %s, load average %.1f%n", parallelism,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (LawFitting fitting = new LawFitting(parallelism)) {
            depthFamily(fitting);
            growth(fitting);
            bootstrap(fitting);
        }
    }

    private static void depthFamily(LawFitting fitting) {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        for (int warmUp = 0; warmUp < 15; warmUp++) {
            fitting.fit("p2", runs, NO_BOOTSTRAP);
        }
        double[] millis = new double[15];
        FitReport report = null;
        long cpu = processCpuNanos();
        for (int rep = 0; rep < millis.length; rep++) {
            long start = System.nanoTime();
            report = fitting.fit("p2", runs, NO_BOOTSTRAP);
            millis[rep] = (System.nanoTime() - start) / 1e6;
        }
        double cpuPerFit = (processCpuNanos() - cpu) / 1e6 / millis.length;
        Arrays.sort(millis);
        System.out.printf("p2 on %s (%d points, %d starts): median %.0f ms, min %.0f ms, max %.0f ms wall, %.0f ms "
                + "CPU per fit; objective %.7e; %d/%d starts at best; converged %s%n", TestData.DEPTH,
                report.points(), report.starts(), millis[millis.length / 2], millis[0], millis[millis.length - 1],
                cpuPerFit, report.objective(), report.startsAtBest(), report.starts(), report.converged());
    }

    private static void growth(LawFitting fitting) {
        fitting.fit("p2", generated(1_000, 1), NO_BOOTSTRAP);
        for (int points : new int[] {1_000, 10_000, 100_000, 1_000_000}) {
            List<RunCurve> runs = generated(points, 1);
            System.gc();
            resetPeaks();
            long start = System.nanoTime();
            long cpu = processCpuNanos();
            FitReport report = fitting.fit("p2", runs, NO_BOOTSTRAP);
            double millis = (System.nanoTime() - start) / 1e6;
            System.out.printf("growth: %,9d checkpoints (%d runs): %8.0f ms wall, %8.0f ms CPU (%.3f ms wall per 1k "
                    + "points), objective %.6e, converged %s, peak heap %d MB%n", report.points(), report.runs(), millis,
                    (processCpuNanos() - cpu) / 1e6, millis / (points / 1000.0), report.objective(),
                    report.converged(), peakHeapMegabytes());
        }
    }

    private static void bootstrap(LawFitting fitting) {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        FitOptions options = new FitOptions(1e-3, 8, 0, 1000, 42L);
        fitting.fit("p2", runs, new FitOptions(1e-3, 8, 0, 100, 42L));
        long start = System.nanoTime();
        long cpu = processCpuNanos();
        FitReport report = fitting.fit("p2", runs, options);
        double total = (System.nanoTime() - start) / 1e6;
        double totalCpu = (processCpuNanos() - cpu) / 1e6;
        start = System.nanoTime();
        fitting.fit("p2", runs, NO_BOOTSTRAP);
        double fitOnly = (System.nanoTime() - start) / 1e6;
        ParameterEstimate gamma = report.parameters().get(0);
        System.out.printf("bootstrap: 1,000 resamples of the 450-point family: %.0f ms wall, %.0f ms CPU in all (fit "
                + "alone %.0f ms); gamma %.3f [%.3f, %.3f]; %d replicates kept%n", total, totalCpu, fitOnly,
                gamma.value(), gamma.lower(), gamma.upper(), report.law().bootstrapValues().length);
    }

    /**
     * A P2 family drawn from the depth family's true law: 3 model sizes x 3 pruning rates x
     * repeats, checkpoints log-spaced from 20M to 10B tokens, Gaussian noise of 0.004 nats.
     */
    static List<RunCurve> generated(int points, long seed) {
        return generated(points, seed, "llama3-depth", 0.004);
    }

    /** As {@link #generated(int, long)} from the named family's true law with Gaussian noise of {@code sigma} nats. */
    static List<RunCurve> generated(int points, long seed, String family, double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        SyntheticTruth truth = SyntheticTruth.of(family);
        double[][] models = {{1.24e9, 2.35}, {3.21e9, 2.12}, {8.03e9, 1.95}};
        double[] rates = {0.15, 0.25, 0.35};
        int runs = Math.max(9, 9 * (points / 9 / 2_000));
        int perRun = points / runs;
        List<RunCurve> curves = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            double[] model = models[r % 3];
            double rate = rates[(r / 3) % 3];
            int n = r == runs - 1 ? points - perRun * (runs - 1) : perRun;
            double[] tokens = new double[n];
            double[] losses = new double[n];
            for (int j = 0; j < n; j++) {
                tokens[j] = 2e7 * Math.pow(500, j / Math.max(1.0, n - 1));
                losses[j] = truth.loss(model[0], rate, model[1], tokens[j]) + sigma * gaussian(random);
            }
            curves.add(new RunCurve("run-" + r, new PrunedModel(model[0], model[0] * (1 - rate), rate, model[1]), tokens, losses));
        }
        return curves;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** CPU time of the whole process (all threads), to tell the engine's cost from the machine's load. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMegabytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }
}
