package io.p2law.fitting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Warm refits (not a test): a generated 100,000-checkpoint p2 family with the service's default
 * options (8 starts, 200 bootstrap samples) is fitted cold; one checkpoint is appended to a run,
 * and the new data is fitted both cold and warm from the first fit. Prints the medians over
 * {@code REPEATS} rounds and the warm/cold ratio; the target is at most 20 % with an objective no
 * worse. Beside wall time it reports the process's CPU time per fit: on a machine shared with other
 * work, wall time also counts the time the fit waited for a core, CPU time only the work. Run with {@code ./mvnw -q -B -Pfitting-bench -Dfitting.bench=io.p2law.fitting.WarmRefitBenchmark
 * test-compile exec:exec}.
 */
public final class WarmRefitBenchmark {

    private static final int POINTS = 100_000;
    private static final int REPEATS = 5;

    private WarmRefitBenchmark() {
    }

    public static void main(String[] args) {
        int parallelism = Runtime.getRuntime().availableProcessors();
        System.out.printf("warm refit benchmark: %d cores, max heap %d MB, Java %s%n", parallelism,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        FitOptions options = FitOptions.DEFAULT;
        try (LawFitting fitting = new LawFitting(parallelism)) {
            List<RunCurve> before = FittingBenchmark.generated(POINTS, 7);
            FitReport previous = fitting.fit("p2", before, options);
            previous = fitting.fit("p2", before, options);
            List<RunCurve> after = appendOne(before);
            double[] cold = new double[REPEATS];
            double[] warm = new double[REPEATS];
            double[] coldCpu = new double[REPEATS];
            double[] warmCpu = new double[REPEATS];
            FitReport coldReport = null;
            FitReport warmReport = null;
            for (int r = 0; r < REPEATS; r++) {
                long start = System.nanoTime();
                long cpu = cpuNanos();
                coldReport = fitting.fit("p2", after, options);
                cold[r] = (System.nanoTime() - start) / 1e6;
                coldCpu[r] = (cpuNanos() - cpu) / 1e6;
                start = System.nanoTime();
                cpu = cpuNanos();
                warmReport = fitting.fit("p2", after, options, WarmStart.of(previous), FitListener.NONE);
                warm[r] = (System.nanoTime() - start) / 1e6;
                warmCpu[r] = (cpuNanos() - cpu) / 1e6;
            }
            double coldMedian = median(cold);
            double warmMedian = median(warm);
            double coldCpuMedian = median(coldCpu);
            double warmCpuMedian = median(warmCpu);
            System.out.printf("%,d checkpoints + 1 appended, %d starts, %d bootstrap samples: cold median %.0f ms, "
                    + "warm median %.0f ms (%.1f %% of cold); CPU time cold median %.0f ms, warm median %.0f ms "
                    + "(%.1f %% of cold); objective cold %.9e, warm %.9e (%s)%n",
                    coldReport.points(), options.starts(), options.bootstrapSamples(), coldMedian, warmMedian,
                    100 * warmMedian / coldMedian, coldCpuMedian, warmCpuMedian, 100 * warmCpuMedian / coldCpuMedian,
                    coldReport.objective(), warmReport.objective(),
                    warmReport.objective() <= coldReport.objective() * (1 + 1e-12) ? "warm no worse" : "WARM WORSE");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** CPU time of the whole process (every thread, the JIT and the collector included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The same family with one more checkpoint at the end of the first run, 1 % more tokens on. */
    static List<RunCurve> appendOne(List<RunCurve> runs) {
        List<RunCurve> out = new ArrayList<>(runs);
        RunCurve first = runs.get(0);
        double[] tokens = Arrays.copyOf(first.tokens(), first.tokens().length + 1);
        double[] losses = Arrays.copyOf(first.losses(), first.losses().length + 1);
        tokens[tokens.length - 1] = tokens[tokens.length - 2] * 1.01;
        losses[losses.length - 1] = losses[losses.length - 2] - 1e-4;
        out.set(0, new RunCurve(first.runId(), first.model(), tokens, losses));
        return out;
    }
}
