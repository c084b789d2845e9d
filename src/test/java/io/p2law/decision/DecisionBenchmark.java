package io.p2law.decision;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.p2law.fitting.FitOptions;
import io.p2law.fitting.FitReport;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;
import io.p2law.fitting.TestData;

/**
 * The decisions' benchmark (not a test). Forecasts: on seeded generated families, each run in turn
 * keeps only its first 30 % of checkpoints, the law is fitted on that plus the other runs, and the
 * forecast is scored against the hidden 70 % beside the plain law. Plans: the optimiser's best
 * against a brute-force grid of rates and tokens on the same law, and the latency of a plan and a
 * forecast on the fitted depth family after warm-up. Run with
 * {@code ./mvnw -q -B -Pdecision-bench test-compile exec:exec} (forks a JVM with -Xmx512m);
 * an argument sets the number of generated families (default 24).
 */
public final class DecisionBenchmark {

    static final double SHOWN = 0.3;
    private static final FitOptions FORECAST_FIT = new FitOptions(1e-3, 8, 0, 30, 42L);

    private DecisionBenchmark() {
    }

    public static void main(String[] args) {
        int families = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        System.out.printf("decision benchmark: %d cores, Java %s, load average %.1f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (LawFitting fitting = new LawFitting(Runtime.getRuntime().availableProcessors())) {
            forecasts(fitting, families);
            plans(fitting, families);
            latency(fitting);
        }
        System.out.printf("load average at the end %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void forecasts(LawFitting fitting, int families) {
        RunForecaster forecaster = new RunForecaster();
        Score depth = score(fitting, forecaster, TestData.synthetic(TestData.DEPTH));
        System.out.printf("  shared depth family (runs differ by drift, not offsets): %d runs: forecast better for %d,"
                + " coverage %.1f %%%n", depth.runs, depth.better, 100.0 * depth.inside / depth.hidden);
        Score all = new Score();
        List<Double> familyCoverage = new ArrayList<>();
        for (long seed = 1; seed <= families; seed++) {
            GeneratedFamily family = GeneratedFamily.of(seed);
            Score one = score(fitting, forecaster, family.runs());
            all.add(one);
            familyCoverage.add((double) one.inside / one.hidden);
            System.out.printf("  family %2d: %2d runs, offset sd %.3f, noise sd %.4f, drift step %.4f: forecast better"
                    + " for %2d, coverage %.1f %%%n", seed, one.runs, family.offsetSd(), family.noiseSd(),
                    family.driftStep(), one.better, 100.0 * one.inside / one.hidden);
        }
        double[] w = all.widths.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] c = familyCoverage.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("forecasts: %d families, %d runs, %d hidden checkpoints: forecast MAPE below the law's for "
                + "%d runs (%.1f %%; target >= 80 %%); mean MAPE forecast %.3f %% vs law %.3f %%; coverage at level 0.9 "
                + "%.1f %% (target 85-95 %%; families %.0f-%.0f %%); median interval width %.4f nats%n", families,
                all.runs, all.hidden, all.better, 100.0 * all.better / all.runs, 100 * all.forecastApe / all.runs,
                100 * all.lawApe / all.runs, 100.0 * all.inside / all.hidden, 100 * c[0], 100 * c[c.length - 1],
                w[w.length / 2]);
    }

    /** Forecast and law errors on the hidden 70 % of each run of a family, pooled over its runs. */
    private static final class Score {
        int runs;
        int better;
        long inside;
        long hidden;
        double forecastApe;
        double lawApe;
        final List<Double> widths = new ArrayList<>();

        void add(Score other) {
            runs += other.runs;
            better += other.better;
            inside += other.inside;
            hidden += other.hidden;
            forecastApe += other.forecastApe;
            lawApe += other.lawApe;
            widths.addAll(other.widths);
        }
    }

    /** Each run in turn shows its first 30 %; the law is fitted on that and the other runs in full. */
    private static Score score(LawFitting fitting, RunForecaster forecaster, List<RunCurve> runs) {
        Score score = new Score();
        for (int k = 0; k < runs.size(); k++) {
            RunCurve full = runs.get(k);
            RunCurve early = GeneratedFamily.firstPart(full, SHOWN);
            List<RunCurve> known = new ArrayList<>(runs);
            known.set(k, early);
            FittedLaw law = fitting.fit("p2", known, FORECAST_FIT).law();
            int shown = early.tokens().length;
            double[] tokens = Arrays.copyOfRange(full.tokens(), shown, full.tokens().length);
            double[] losses = Arrays.copyOfRange(full.losses(), shown, full.losses().length);
            Forecast forecast = forecaster.forecastAt(law, known, early,
                    new ForecastRequest(tokens[tokens.length - 1], Double.NaN, Double.NaN, 0.9, 2), tokens);
            PrunedModel model = full.model();
            double runForecastApe = 0;
            double runLawApe = 0;
            for (int j = 0; j < tokens.length; j++) {
                ForecastPoint p = forecast.predictions().get(j);
                runForecastApe += Math.abs(p.loss() - losses[j]) / losses[j];
                runLawApe += Math.abs(law.predict(model, tokens[j]) - losses[j]) / losses[j];
                if (losses[j] >= p.lower() && losses[j] <= p.upper()) {
                    score.inside++;
                }
                score.widths.add(p.upper() - p.lower());
            }
            score.hidden += tokens.length;
            score.forecastApe += runForecastApe / tokens.length;
            score.lawApe += runLawApe / tokens.length;
            score.runs++;
            if (runForecastApe < runLawApe) {
                score.better++;
            }
        }
        return score;
    }

    private static void plans(LawFitting fitting, int families) {
        double worst = Double.NEGATIVE_INFINITY;
        double least = Double.POSITIVE_INFINITY;
        String worstPlan = "";
        String leastPlan = "";
        int checked = 0;
        int failedTarget = 0;
        int rateDrops = 0;
        int bruteFound = 0;
        List<List<RunCurve>> sets = new ArrayList<>();
        sets.add(TestData.synthetic(TestData.DEPTH));
        for (long seed = 1; seed <= families; seed++) {
            sets.add(GeneratedFamily.of(seed).runs());
        }
        for (int f = 0; f < sets.size(); f++) {
            List<RunCurve> runs = sets.get(f);
            FitReport report = fitting.fit("p2", runs, new FitOptions(1e-3, 8, 0, 0, 42L));
            FittedLaw law = report.law();
            LossUncertainty uncertainty = new CalibratedUncertainty(law);
            List<PlanRequest> cases = PlanCases.of(law, runs);
            for (int c = 0; c < cases.size(); c++) {
                PlanRequest request = cases.get(c);
                BruteForcePlan brute = BruteForcePlan.of(uncertainty, request);
                PlanAnswer previous = null;
                for (double inference : new double[] {0, 1e11, 1e12, 1e13}) {
                    PlanRequest asked = request.withInferenceTokens(inference);
                    PlanAnswer answer = new PruningPlanner(uncertainty).plan(asked, ExtrapolationCheck.NONE);
                    double bruteCost = brute.cost(inference);
                    if (bruteCost < Double.POSITIVE_INFINITY) {
                        bruteFound++;
                    }
                    if (answer.reachable()) {
                        checked++;
                        double relative = answer.best().totalFlops() / bruteCost - 1;
                        String which = String.format("%s, case %d (confidence %.1f, maxTokens %.3g), %.0e inference"
                                + " tokens: rate %.6f, %.4g tokens", f == 0 ? "depth" : "family " + f, c,
                                asked.confidence(), asked.maxTokens(), inference, answer.best().rate(),
                                answer.best().tokens());
                        if (relative > worst) {
                            worst = relative;
                            worstPlan = which;
                        }
                        if (relative < least) {
                            least = relative;
                            leastPlan = which;
                        }
                        if (!BruteForcePlan.meets(uncertainty, asked, answer.best())) {
                            failedTarget++;
                        }
                        if (previous != null && previous.reachable()
                                && answer.best().rate() < previous.best().rate() - PruningPlanner.RATE_TOLERANCE) {
                            rateDrops++;
                        }
                    }
                    previous = answer;
                }
            }
        }
        System.out.printf("plans: %d reachable plans on the depth family and %d generated ones (brute force found a plan"
                + " for %d): cost relative to brute force from %+.4f %% to %+.4f %% (target <= +0.5 %%), %d missed the"
                + " target, %d rate drops as serving grew%n  least: %s%n  most: %s%n", checked, families, bruteFound,
                100 * least, 100 * worst, failedTarget, rateDrops, leastPlan, worstPlan);
    }

    private static void latency(LawFitting fitting) {
        List<RunCurve> runs = TestData.synthetic(TestData.DEPTH);
        FittedLaw law = fitting.fit("p2", runs, FitOptions.DEFAULT).law();
        RunCurve inFlight = GeneratedFamily.firstPart(runs.get(4), SHOWN);
        List<RunCurve> family = new ArrayList<>(runs);
        family.set(4, inFlight);
        PlanRequest request = PlanCases.of(law, runs).get(0).withInferenceTokens(1e12);
        PlanRequest confident = PlanCases.of(law, runs).get(1).withInferenceTokens(1e12);
        double[] confidentMillis = new double[50];
        ForecastRequest ask = new ForecastRequest(2e10, 2.0, 0.001, 0.9, ForecastRequest.POINTS);
        RunForecaster forecaster = new RunForecaster();
        double[] planMillis = new double[50];
        double[] forecastMillis = new double[50];
        for (int rep = -50; rep < 50; rep++) {
            long start = System.nanoTime();
            LossUncertainty uncertainty = new CalibratedUncertainty(law);
            new PruningPlanner(uncertainty).plan(request, ExtrapolationCheck.NONE);
            long planned = System.nanoTime();
            forecaster.forecast(law, family, inFlight, ask);
            long forecast = System.nanoTime();
            new PruningPlanner(new CalibratedUncertainty(law)).plan(confident, ExtrapolationCheck.NONE);
            long confidentPlanned = System.nanoTime();
            if (rep >= 0) {
                planMillis[rep] = (planned - start) / 1e6;
                forecastMillis[rep] = (forecast - planned) / 1e6;
                confidentMillis[rep] = (confidentPlanned - forecast) / 1e6;
            }
        }
        Arrays.sort(planMillis);
        Arrays.sort(forecastMillis);
        Arrays.sort(confidentMillis);
        System.out.printf("latency on the depth family (450 checkpoints, 200 bootstrap replicates), after warm-up: plan (confidence 0.5) "
                + "median %.1f ms (max %.1f; target <= 50), forecast median %.1f ms (max %.1f; target <= 20)%n",
                planMillis[25], planMillis[49], forecastMillis[25], forecastMillis[49]);
        System.out.printf("  the same plan at confidence 0.9: median %.1f ms (max %.1f; target <= 50)%n",
                confidentMillis[25], confidentMillis[49]);
    }
}
