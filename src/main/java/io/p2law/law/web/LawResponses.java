package io.p2law.law.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.p2law.fitting.FitOptions;
import io.p2law.fitting.HeldOutResult;
import io.p2law.fitting.LawForm;
import io.p2law.fitting.ParameterEstimate;
import io.p2law.fitting.ParameterInfo;
import io.p2law.fitting.PrunedModel;
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
            int startsAtBest, boolean converged, List<String> warnings, ObservedRanges observedRanges) {

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
                    fit.observedRanges());
        }

        static FitView of(LawAnswer answer) {
            return of(answer.current().fit(), answer.currentDataVersion());
        }
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

    record Prediction(@JsonSerialize(using = Counts.Nearest.class) double tokens, Double loss, Double lower,
            Double upper) {
    }

    record PredictionResponse(String form, PrunedModel model, LawReference law, List<Prediction> predictions,
            Double asymptote, List<String> warnings, ObservedRanges observedRanges) {
    }

    record BudgetResponse(String form, String criterion, PrunedModel model, LawReference law, boolean reachable,
            @JsonSerialize(using = Counts.UpTo.class) Double tokens, Double loss, Double lower, Double upper,
            Double asymptote, String reason,
            List<String> warnings) {
    }

    record DiminishingReturns(double epsilon, @JsonSerialize(using = Counts.UpTo.class) Double tokens,
            boolean pastDiminishingReturns) {
    }

    record BudgetCheckResponse(String form, String verdict, PrunedModel model, LawReference law,
            @JsonSerialize(using = Counts.Nearest.class) double plannedTokens,
            double targetLoss, Double loss, Double lower, Double upper, Double margin, boolean targetReachable,
            @JsonSerialize(using = Counts.UpTo.class) Double tokensForTarget, Double asymptote,
            DiminishingReturns diminishingReturns, List<String> warnings) {

        boolean passed() {
            return "pass".equals(verdict);
        }
    }

    record HeldOutView(String split, String description, int trainPoints, int heldOutPoints, Double r2, Double rmse,
            Double mape, Double asd, List<String> warnings, String skippedReason) {

        static HeldOutView of(HeldOutResult result) {
            return new HeldOutView(result.split(), result.description(), result.trainPoints(),
                    result.heldOutPoints(), finite(result.r2()), finite(result.rmse()), finite(result.mape()),
                    finite(result.asd()), result.warnings(), result.skippedReason());
        }
    }

    record ValidationResponse(String form, long dataVersion, List<HeldOutView> splits) {
    }

    record ComparisonEntry(int rank, String form, long fitId, Double asd, Double r2, Double rmse, double objective,
            int points, int runs, List<String> warnings) {
    }

    record InapplicableForm(String form, String reason) {
    }

    record ComparisonResponse(long dataVersion, List<ComparisonEntry> ranking, List<InapplicableForm> inapplicable) {
    }
}
