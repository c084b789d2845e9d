package io.p2law.fitting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calibration benchmark (not a test): do the prediction intervals hold, and does adequacy tell
 * a law that fits from one that does not? Over seeded generated families (well-specified and
 * misspecified, see {@link GeneratedFamily}) and the shared synthetic files, it runs the three
 * held-out splits (last 20 % of every run, largest model, highest rate) with the service's default
 * fit options, and reports per split the pooled coverage of the nominal 90 % prediction interval,
 * the median width against the oracle's (the true law +- the 90 % quantile of the true noise), the
 * held-out MAPE, and the adequacy verdict of the full fit. Run with
 * {@code ./mvnw -q -B -Pcalibration-bench test-compile exec:exec}; arguments: [well-specified count]
 * [misspecified count] [first seed].
 */
public final class CalibrationBenchmark {

    private static final double LEVEL = 0.9;
    private static final String[] SPLITS = {"last-20-percent", "largest-model", "highest-rate"};

    private CalibrationBenchmark() {
    }

    /**
     * {@code oracleZ}: how visible the family's misspecification is to an oracle that knows the noise. The
     * form is fitted to the noise-free truth; the truth's squared departures from that best fit, in units
     * of the noise variance, are the excess an oracle's chi-square test would see, here in standard
     * deviations of that chi-square ({@code sqrt(2n)}). Below 3 no test, however good, can tell the family
     * from one the form describes: the form absorbs the misspecification within the noise. NaN for
     * well-specified families.
     */
    private record Row(GeneratedFamily family, ValidationReport validation, FitReport fit, double oracleZ) {
    }

    /** Material misspecification: an oracle's chi-square test sees it at three standard deviations. */
    private static final double MATERIAL_Z = 3;

    public static void main(String[] args) {
        int well = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int misspecified = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        long firstSeed = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        List<GeneratedFamily> families = new ArrayList<>();
        for (int k = 0; k < well; k++) {
            families.add(GeneratedFamily.generate(firstSeed + k, GeneratedFamily.Kind.WELL_SPECIFIED));
        }
        for (int k = 0; k < misspecified; k++) {
            families.add(GeneratedFamily.generate(firstSeed + well + k,
                    k % 2 == 0 ? GeneratedFamily.Kind.BELOW_FLOOR : GeneratedFamily.Kind.FLATTENING));
        }
        families.add(GeneratedFamily.shared(TestData.DEPTH, "llama3-depth"));
        families.add(GeneratedFamily.shared(TestData.TWO_OF_FOUR, "llama3-2of4"));
        long started = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        try (LawFitting fitting = new LawFitting(Runtime.getRuntime().availableProcessors())) {
            for (GeneratedFamily family : families) {
                long t0 = System.nanoTime();
                FitReport fit = fitting.fit("p2", family.runs(), FitOptions.DEFAULT);
                ValidationReport validation = fitting.validate("p2", family.runs(), FitOptions.DEFAULT, LEVEL);
                double oracleZ = family.kind().misspecified() ? oracleZ(fitting, family) : Double.NaN;
                rows.add(new Row(family, validation, fit, oracleZ));
                print(family, validation, fit, oracleZ, (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "%n%d families in %.0f s%n", rows.size(), (System.nanoTime() - started) / 1e9);
        summary("well-specified generated + shared", rows.stream().filter(r -> !r.family().kind().misspecified())
                .toList());
        summary("generated only, well-specified", rows.stream().filter(r -> !r.family().kind().misspecified()
                && !r.family().description().equals("shared data")).toList());
        // holding out the highest of two rates leaves one, from which the law cannot tell what another rate
        // does: those intervals are deliberately uninformative (a warning says so) and cover nearly everything
        summary("generated only, well-specified, three or more rates (the rate split keeps two or more)",
                rows.stream().filter(r -> !r.family().kind().misspecified()
                        && !r.family().description().equals("shared data") && rates(r) >= 3).toList());
        summary("misspecified (no coverage target)", rows.stream().filter(r -> r.family().kind().misspecified())
                .toList());
        adequacy(rows);
    }

    private static double oracleZ(LawFitting fitting, GeneratedFamily family) {
        FitReport best = fitting.fit("p2", family.truths(), new FitOptions(FitOptions.DEFAULT.huberDelta(),
                FitOptions.DEFAULT.starts(), 0, 0, FitOptions.DEFAULT.seed()));
        double excess = 0;
        int n = 0;
        for (RunCurve run : family.truths()) {
            for (int j = 0; j < run.tokens().length; j++) {
                double departure = run.losses()[j] - best.law().predict(run.model(), run.tokens()[j]);
                excess += departure * departure;
                n++;
            }
        }
        return excess / (family.noiseRms() * family.noiseRms()) / Math.sqrt(2.0 * n);
    }

    private static void print(GeneratedFamily family, ValidationReport validation, FitReport fit, double oracleZ,
            double seconds) {
        PredictiveCalibration c = fit.law().calibration();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-24s %-44s %5.1fs %s ", family.name(),
                family.description(), seconds, Double.isNaN(oracleZ) ? "" : String.format(Locale.ROOT, "oracle z %.1f",
                        oracleZ)));
        for (HeldOutResult split : validation.splits()) {
            line.append(String.format(Locale.ROOT, "%s cov %5.1f%% w/oracle %5.2f mape %5.2f%%  ", abbreviation(
                    split.split()), 100 * split.coverage(), split.medianIntervalWidth() / (2 * family.noiseQuantile90()),
                    split.mape()));
        }
        line.append(String.format(Locale.ROOT, "| scatter %.4f run %.4f growth %.3f/%.3f/%.3f q90 %.2f | %s %s",
                c.scatter(), c.runError(), c.sizeGrowthUp(), c.rateGrowthUp(), c.tokenGrowth(), c.multiplier(LEVEL),
                fit.adequacy().verdict().apiName(), fit.adequacy().reasons()));
        System.out.println(line);
    }

    private static String abbreviation(String split) {
        return switch (split) {
            case "last-20-percent" -> "L20";
            case "largest-model" -> "BIG";
            default -> "RATE";
        };
    }

    private static void summary(String title, List<Row> rows) {
        System.out.printf(Locale.ROOT, "%n%s (%d families)%n", title, rows.size());
        System.out.printf(Locale.ROOT, "%-16s %8s %9s %9s %16s %12s%n", "split", "points", "coverage",
                "fam.mean", "median w/oracle", "median MAPE");
        for (String name : SPLITS) {
            int points = 0;
            double inside = 0;
            List<Double> familyCoverage = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> mape = new ArrayList<>();
            for (Row row : rows) {
                for (HeldOutResult split : row.validation().splits()) {
                    if (split.split().equals(name) && split.skippedReason() == null
                            && !Double.isNaN(split.coverage())) {
                        points += split.heldOutPoints();
                        inside += split.coverage() * split.heldOutPoints();
                        familyCoverage.add(split.coverage());
                        ratios.add(split.medianIntervalWidth() / (2 * row.family().noiseQuantile90()));
                        mape.add(split.mape());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-16s %8d %8.1f%% %8.1f%% %16.2f %11.2f%%%n", name, points,
                    100 * inside / Math.max(1, points), 100 * mean(familyCoverage), median(ratios), median(mape));
        }
    }

    private static long rates(Row row) {
        return row.family().runs().stream().mapToDouble(run -> run.model().pruningRate()).distinct().count();
    }

    private static void adequacy(List<Row> rows) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Row row : rows) {
            String kind = !row.family().kind().misspecified() ? "well-specified"
                    : row.oracleZ() >= MATERIAL_Z ? "misspecified, material (oracle z >= " + MATERIAL_Z + ")"
                    : "misspecified, absorbed by the form (oracle z < " + MATERIAL_Z + ")";
            int[] c = counts.computeIfAbsent(kind, k -> new int[4]);
            c[row.fit().adequacy().verdict().ordinal()]++;
            c[3]++;
        }
        System.out.printf(Locale.ROOT, "%nadequacy%n");
        counts.forEach((kind, c) -> System.out.printf(Locale.ROOT,
                "%-50s good %d, questionable %d, inadequate %d of %d: good on %.0f %%, not good on %.0f %%%n", kind,
                c[0], c[1], c[2], c[3], 100.0 * c[0] / c[3], 100.0 * (c[3] - c[0]) / c[3]));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double median(List<Double> values) {
        return HeldOutCalibrator.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
