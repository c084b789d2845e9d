package io.p2law.law.web;

import java.util.List;

import io.p2law.decision.Forecast;
import io.p2law.decision.ForecastPoint;
import io.p2law.decision.FrontierPoint;
import io.p2law.decision.Plan;
import io.p2law.decision.PlanAnswer;
import io.p2law.decision.PlanRequest;
import io.p2law.law.web.LawResponses.LawReference;
import io.p2law.web.Counts;
import tools.jackson.databind.annotation.JsonSerialize;

import static io.p2law.law.web.LawResponses.finite;

/** The JSON bodies plans and forecasts answer with. Numbers that do not exist (NaN) are null. */
final class DecisionResponses {

    /** How the plans' intervals and probabilities are made, said in every answer. */
    static final String PLAN_UNCERTAINTY = "the law's calibrated prediction intervals: a plan's interval and"
            + " probability are those of the loss a run of it will measure, as the law's predictions answer them"
            + " (held-out calibration, wider when extrapolating)";

    private DecisionResponses() {
    }

    /** The request as resolved, defaults filled in. */
    record PlanTerms(@JsonSerialize(using = Counts.Nearest.class) double paramsBefore, Double lossBefore,
            double targetLoss, @JsonSerialize(using = Counts.Nearest.class) Double maxParamsAfter, double minRate,
            double maxRate, @JsonSerialize(using = Counts.Nearest.class) double maxTokens,
            @JsonSerialize(using = Counts.Nearest.class) double inferenceTokens, double confidence, double level,
            double postTrainingFactor, double servingFactor) {

        static PlanTerms of(PlanRequest r) {
            return new PlanTerms(r.paramsBefore(), r.lossBefore(), r.targetLoss(), finite(r.maxParamsAfter()),
                    r.minRate(), r.maxRate(), r.maxTokens(), r.inferenceTokens(), r.confidence(), r.level(),
                    r.postTrainingFactor(), r.servingFactor());
        }
    }

    record PlanView(double pruningRate, @JsonSerialize(using = Counts.Nearest.class) double paramsAfter,
            @JsonSerialize(using = Counts.UpTo.class) double tokens, Double loss, Double lower, Double upper,
            Double probability, double postTrainingFlops, double servingFlops, double totalFlops) {

        static PlanView of(Plan plan) {
            return plan == null ? null : new PlanView(plan.rate(), plan.paramsAfter(), plan.tokens(),
                    finite(plan.loss()), finite(plan.lower()), finite(plan.upper()), finite(plan.probability()),
                    plan.postTrainingFlops(), plan.servingFlops(), plan.totalFlops());
        }
    }

    record FrontierView(double pruningRate, @JsonSerialize(using = Counts.Nearest.class) double paramsAfter,
            boolean reachable, @JsonSerialize(using = Counts.UpTo.class) Double tokens,
            Double postTrainingFlops, Double servingFlops, Double totalFlops, boolean withinLimits) {

        static FrontierView of(FrontierPoint p) {
            return new FrontierView(p.rate(), p.paramsAfter(), p.reachable(), finite(p.tokens()),
                    finite(p.postTrainingFlops()), finite(p.servingFlops()), finite(p.totalFlops()), p.withinLimits());
        }
    }

    record PlanResponse(String form, LawReference law, PlanTerms terms, boolean reachable, PlanView best,
            PlanView closest, String reason, List<FrontierView> frontier, double rateTolerance, String uncertainty,
            List<String> warnings) {

        static PlanResponse of(String form, LawReference law, PlanRequest request, PlanAnswer answer,
                List<String> warnings) {
            return new PlanResponse(form, law, PlanTerms.of(request), answer.reachable(), PlanView.of(answer.best()),
                    PlanView.of(answer.closest()), answer.reason(),
                    answer.frontier().stream().map(FrontierView::of).toList(), answer.rateTolerance(),
                    PLAN_UNCERTAINTY, warnings);
        }
    }

    record ForecastPointView(@JsonSerialize(using = Counts.Nearest.class) double tokens, Double loss, Double lower,
            Double upper) {

        static ForecastPointView of(ForecastPoint p) {
            return new ForecastPointView(p.tokens(), finite(p.loss()), finite(p.lower()), finite(p.upper()));
        }
    }

    record ForecastResponse(String form, LawReference law, String runId, int checkpoints,
            @JsonSerialize(using = Counts.Nearest.class) double currentTokens,
            double observedOffset, double offset, double trust, double level, List<ForecastPointView> predictions,
            Double targetLoss, Boolean targetReachable, @JsonSerialize(using = Counts.UpTo.class) Double targetTokens,
            Double slopeThreshold, @JsonSerialize(using = Counts.UpTo.class) Double diminishingReturnsTokens,
            String advice, String reason, List<String> warnings) {

        static ForecastResponse of(String form, LawReference law, Forecast f, List<String> warnings) {
            boolean target = !Double.isNaN(f.targetLoss());
            return new ForecastResponse(form, law, f.runId(), f.checkpoints(), f.currentTokens(), f.observedOffset(),
                    f.offset(), f.trust(), f.level(), f.predictions().stream().map(ForecastPointView::of).toList(),
                    finite(f.targetLoss()), target ? f.targetReachable() : null, finite(f.targetTokens()),
                    finite(f.slopeThreshold()), finite(f.diminishingReturnsTokens()), f.advice().label(), f.reason(),
                    warnings);
        }
    }
}
