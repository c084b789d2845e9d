package io.p2law.law.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.p2law.fitting.FitOptions;
import io.p2law.fitting.HeldOutResult;
import io.p2law.fitting.LawForm;
import io.p2law.fitting.ObservedLossPrediction;
import io.p2law.fitting.ParameterEstimate;
import io.p2law.fitting.ParameterInfo;
import io.p2law.fitting.PrunedModel;
import io.p2law.law.FitJob;
import io.p2law.law.LawAnswer;
import io.p2law.law.ObservedRanges;
import io.p2law.law.StoredFit;
import io.p2law.web.Counts;
import tools.jackson.databind.annotation.JsonSerialize;

/** The JSON bodies the law endpoints answer with. Numbers the data cannot give (NaN) are null. */
final class LawResponses {

    private LawResponses() {
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    record LawCatalog(List<LawFormView> forms) {
    }

    record LawFormView(String name, String formula, String description, List<ParameterInfo> parameters,
            List<String> requiredFields) {

        static LawFormView of(LawForm form) {
            return new LawFormView(form.name(), form.formula(), form.description(), form.parameters(),
                    form.requiredFields());
        }
    }

    record ParameterView(double value, Double stdError, Double lower, Double upper) {
    }

    record FitView(long id, String family, String form, long dataVersion, long currentDataVersion, boolean stale,
            Instant fittedAt, long durationMillis, FitOptions options, Map<String, ParameterView> parameters,
            double objective, Double r2, Double rmse, Double asd, int points, int runs, int starts,
            int startsAtBest, boolean converged, List<String> warnings, ObservedRanges observedRanges,
            String adequacy, List<String> adequacyReasons, Double heldOutMape, Double heldOutCoverage,
            long calibrationDataVersion) {

        static FitView of(StoredFit fit, long currentDataVersion) {
            Map<String, ParameterView> parameters = new LinkedHashMap<>();
            for (ParameterEstimate p : fit.parameters()) {
                parameters.put(p.name(), new ParameterView(p.value(), finite(p.stdError()), finite(p.lower()),
                        finite(p.upper())));
            }
            return new FitView(fit.id(), fit.family(), fit.form(), fit.dataVersion(), currentDataVersion,
                    fit.dataVersion() != currentDataVersion, fit.fittedAt(), fit.durationMillis(), fit.options(),
                    parameters, fit.objective(), finite(fit.r2()), finite(fit.rmse()), finite(fit.asd()),
                    fit.points(), fit.runs(), fit.starts(), fit.startsAtBest(), fit.converged(), fit.warnings(),
                    fit.observedRanges(), LawResponses.adequacy(fit), LawResponses.adequacyReasons(fit),
                    LawResponses.heldOutMape(fit), LawResponses.heldOutCoverage(fit), fit.calibrationDataVersion());
        }

        /** A failed refit of this law is the first warning: the answer is staler than it would be. */
        static FitView of(LawAnswer answer) {
            FitView view = of(answer.current().fit(), answer.currentDataVersion());
            if (answer.failedRefit() == null) {
                return view;
            }
            List<String> warnings = new java.util.ArrayList<>();
            warnings.add(refitFailure(answer.failedRefit()));
            warnings.addAll(view.warnings());
            return new FitView(view.id(), view.family(), view.form(), view.dataVersion(), view.currentDataVersion(),
                    view.stale(), view.fittedAt(), view.durationMillis(), view.options(), view.parameters(),
                    view.objective(), view.r2(), view.rmse(), view.asd(), view.points(), view.runs(), view.starts(),
                    view.startsAtBest(), view.converged(), List.copyOf(warnings), view.observedRanges(),
                    view.adequacy(), view.adequacyReasons(), view.heldOutMape(), view.heldOutCoverage(),
                    view.calibrationDataVersion());
        }
    }

    static String refitFailure(FitJob job) {
        return "the refit on data version " + job.dataVersion() + " (fit " + job.id() + ") failed: " + job.reason()
                + "; this answer comes from the previous fit";
    }

    record FitProgressView(int startsFinished, int starts, int bootstrapFinished, int bootstrapSamples) {

        static FitProgressView of(FitJob.Progress p) {
            return new FitProgressView(p.startsFinished(), p.starts(), p.bootstrapFinished(), p.bootstrapSamples());
        }
    }

    /**
     * A fit as a job: {@code status} queued, running, done or failed (with {@code reason});
     * {@code progress} and {@code elapsedMillis} once it runs; {@code fit} once done (absent before).
     */
    record FitJobView(long id, String family, String form, FitOptions options, String status, long dataVersion,
            Instant requestedAt, Instant startedAt, Instant finishedAt, long elapsedMillis, FitProgressView progress,
            String reason, @JsonInclude(JsonInclude.Include.NON_NULL) FitView fit) {

        static FitJobView of(FitJob job, StoredFit fit, long currentDataVersion) {
            return new FitJobView(job.id(), job.family(), job.spec().form(), job.spec().options(),
                    job.status().label(), job.dataVersion(), job.requestedAt(), job.startedAt(), job.finishedAt(),
                    job.elapsed(Instant.now()).toMillis(), FitProgressView.of(job.progress()), job.reason(),
                    fit == null ? null : FitView.of(fit, currentDataVersion));
        }

        /** A fit stored before fits were jobs (or the stored fit a job gave): done. */
        static FitJobView of(StoredFit fit, long currentDataVersion) {
            return new FitJobView(fit.id(), fit.family(), fit.form(), fit.options(), "done", fit.dataVersion(),
                    fit.fittedAt(), null, fit.fittedAt(), fit.durationMillis(),
                    new FitProgressView(fit.starts(), fit.starts(), fit.bootstrapValues().length,
                            fit.options().bootstrapSamples()), null, FitView.of(fit, currentDataVersion));
        }
    }

    /** {@code good}, {@code questionable} or {@code inadequate}; null for a fit stored before verdicts were. */
    static String adequacy(StoredFit fit) {
        return fit.adequacy() == null ? null : fit.adequacy().verdict().apiName();
    }

    static List<String> adequacyReasons(StoredFit fit) {
        return fit.adequacy() == null ? List.of() : fit.adequacy().reasons();
    }

    static Double heldOutMape(StoredFit fit) {
        return fit.calibration() == null ? null : finite(fit.calibration().heldOutMape());
    }

    static Double heldOutCoverage(StoredFit fit) {
        return fit.calibration() == null ? null : finite(fit.calibration().heldOutCoverage());
    }

    record FitList(List<FitView> fits) {
    }

    /** Which fit answered, and whether the family's data changed since. */
    record LawReference(long fitId, long dataVersion, long currentDataVersion, boolean stale, Instant fittedAt) {

        static LawReference of(LawAnswer answer) {
            StoredFit fit = answer.current().fit();
            return new LawReference(fit.id(), fit.dataVersion(), answer.currentDataVersion(), answer.stale(),
                    fit.fittedAt());
        }
    }

    /** {@code lower}/{@code upper}: where an observed loss lies at the answer's level; curve*: the curve band. */
    record Prediction(@JsonSerialize(using = Counts.Nearest.class) double tokens, Double loss, Double lower,
            Double upper, Double curveLower, Double curveUpper) {

        static Prediction of(ObservedLossPrediction p) {
            return new Prediction(p.tokens(), finite(p.loss()), finite(p.lower()), finite(p.upper()),
                    finite(p.curveLower()), finite(p.curveUpper()));
        }
    }

    record PredictionResponse(String form, PrunedModel model, LawReference law, double level,
            List<Prediction> predictions, Double asymptote, String adequacy, List<String> adequacyReasons,
            List<String> warnings, ObservedRanges observedRanges) {
    }

    record BudgetResponse(String form, String criterion, PrunedModel model, LawReference law, boolean reachable,
            @JsonSerialize(using = Counts.UpTo.class) Double tokens, Double loss, Double lower, Double upper,
            double level, List<Prediction> predictions, Double asymptote, String reason, String adequacy,
            List<String> adequacyReasons, List<String> warnings) {
    }

    record DiminishingReturns(double epsilon, @JsonSerialize(using = Counts.UpTo.class) Double tokens,
            boolean pastDiminishingReturns) {
    }

    record BudgetCheckResponse(String form, String verdict, String verdictReason, double probability,
            double confidence, PrunedModel model, LawReference law,
            @JsonSerialize(using = Counts.Nearest.class) double plannedTokens, double targetLoss, Double loss,
            Double lower, Double upper, double level, List<Prediction> predictions, Double margin,
            boolean targetReachable, @JsonSerialize(using = Counts.UpTo.class) Double tokensForTarget,
            Double asymptote, DiminishingReturns diminishingReturns, String adequacy, List<String> adequacyReasons,
            List<String> warnings) {

        boolean passed() {
            return "pass".equals(verdict);
        }
    }

    record HeldOutView(String split, String description, int trainPoints, int heldOutPoints, Double r2, Double rmse,
            Double mape, Double asd, Double coverage, double level, Double meanIntervalWidth, List<String> warnings,
            String skippedReason) {

        static HeldOutView of(HeldOutResult result, double level) {
            return new HeldOutView(result.split(), result.description(), result.trainPoints(),
                    result.heldOutPoints(), finite(result.r2()), finite(result.rmse()), finite(result.mape()),
                    finite(result.asd()), finite(result.coverage()), level, finite(result.meanIntervalWidth()),
                    result.warnings(), result.skippedReason());
        }
    }

    record ValidationResponse(String form, long dataVersion, double level, List<HeldOutView> splits) {
    }

    record ComparisonEntry(int rank, String form, long fitId, Double heldOutMape, Double heldOutCoverage, Double asd,
            Double r2, Double rmse, double objective, int points, int runs, String adequacy,
            List<String> adequacyReasons, List<String> warnings) {
    }

    record InapplicableForm(String form, String reason) {
    }

    record ComparisonResponse(long dataVersion, String rankedBy, List<ComparisonEntry> ranking,
            List<InapplicableForm> inapplicable) {
    }
}
