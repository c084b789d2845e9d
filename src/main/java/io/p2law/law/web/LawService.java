package io.p2law.law.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.error.NotFoundException;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilySnapshot;
import io.p2law.fitting.Adequacy;
import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.LawForm;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.ObservedLossPrediction;
import io.p2law.fitting.UnfittableDataException;
import io.p2law.law.CurrentLaws;
import io.p2law.law.FitSpec;
import io.p2law.law.LawAnswer;
import io.p2law.law.StoredFit;
import io.p2law.law.web.LawRequests.BudgetCheckRequest;
import io.p2law.law.web.LawRequests.BudgetRequest;
import io.p2law.law.web.LawRequests.FitRequest;
import io.p2law.law.web.LawRequests.PredictionRequest;
import io.p2law.law.web.LawRequests.ValidationRequest;
import io.p2law.law.web.LawResponses.BudgetCheckResponse;
import io.p2law.law.web.LawResponses.BudgetResponse;
import io.p2law.law.web.LawResponses.ComparisonEntry;
import io.p2law.law.web.LawResponses.ComparisonResponse;
import io.p2law.law.web.LawResponses.DiminishingReturns;
import io.p2law.law.web.LawResponses.FitJobView;
import io.p2law.law.web.LawResponses.FitList;
import io.p2law.law.web.LawResponses.FitView;
import io.p2law.law.web.LawResponses.HeldOutView;
import io.p2law.law.web.LawResponses.InapplicableForm;
import io.p2law.law.web.LawResponses.LawCatalog;
import io.p2law.law.web.LawResponses.LawFormView;
import io.p2law.law.web.LawResponses.LawReference;
import io.p2law.law.web.LawResponses.Prediction;
import io.p2law.law.web.LawResponses.PredictionResponse;
import io.p2law.law.web.LawResponses.ValidationResponse;

import static io.p2law.law.web.LawResponses.finite;

/** What the law endpoints answer: the family's current laws put to work for a planned model. */
@Service
class LawService {

    /** Doubling gain (nats) below which more tokens count as diminishing returns in a budget check. */
    static final double DEFAULT_DIMINISHING_EPSILON = 0.005;
    /**
     * Validations score the prediction intervals a fit would serve, so the held-out fits take the same
     * defaults as fits, bootstrap included.
     */
    private static final FitOptions VALIDATION_DEFAULTS = FitOptions.DEFAULT;

    private final LawFitting fitting;
    private final CurrentLaws fits;
    private final FamilyCatalog catalog;

    LawService(LawFitting fitting, CurrentLaws fits, FamilyCatalog catalog) {
        this.fitting = fitting;
        this.fits = fits;
        this.catalog = catalog;
    }

    LawCatalog catalog() {
        return new LawCatalog(fitting.forms().stream().map(LawFormView::of).toList());
    }

    /** The longest {@code ?wait} a fit request may ask for. */
    static final int MAX_WAIT_SECONDS = 300;

    FitView currentLaw(String family, String form, boolean fresh) {
        return FitView.of(fits.current(family, FitSpec.defaults(form), fresh));
    }

    /** The body's form wins over the query's. */
    CurrentLaws.Submission fit(String family, String queryForm, FitRequest request, int waitSeconds) {
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw InvalidInputException.of("wait", "must be between 0 and " + MAX_WAIT_SECONDS + " seconds, got "
                    + waitSeconds);
        }
        String form = request.form() != null ? request.form() : queryForm;
        FitSpec spec = new FitSpec(form, request.options().resolve(FitOptions.DEFAULT));
        return fits.submit(family, spec, Duration.ofSeconds(waitSeconds));
    }

    /** The fit resource: a job with its status and progress, or a fit stored before fits were jobs. */
    FitJobView fitResource(String family, long id) {
        CurrentLaws.FitResource resource = fits.fitResource(family, id).orElseThrow(() -> {
            String detail = "Family \"" + family + "\" has no fit " + id + ".";
            return new NotFoundException(detail, List.of(FieldProblem.of("fitId", "no such fit")));
        });
        if (resource.job().isEmpty()) {
            return FitJobView.of(resource.fit().orElseThrow(), resource.currentDataVersion());
        }
        return FitJobView.of(resource.job().get(), resource.fit().orElse(null), resource.currentDataVersion());
    }

    FitList history(String family, Optional<String> form, int limit) {
        if (limit < 1 || limit > 100) {
            throw InvalidInputException.of("limit", "must be between 1 and 100");
        }
        long current = fits.dataVersion(family);
        return new FitList(fits.history(family, form, limit).stream().map(fit -> FitView.of(fit, current)).toList());
    }

    PredictionResponse predict(String family, String form, PredictionRequest request, boolean fresh) {
        PrunedModel model = request.model().resolve(fitting.form(form));
        double[] tokens = request.resolveTokens();
        double level = LawRequests.level(request.level());
        LawAnswer answer = fits.current(family, FitSpec.defaults(form), fresh);
        FittedLaw law = answer.current().law();
        List<Prediction> predictions = new ArrayList<>(tokens.length);
        for (ObservedLossPrediction predicted : law.observedLossPredictions(model, level, tokens)) {
            predictions.add(Prediction.of(predicted));
        }
        StoredFit fit = answer.current().fit();
        return new PredictionResponse(form, model, LawReference.of(answer), level, predictions,
                finite(law.asymptote(model)), LawResponses.adequacy(fit), LawResponses.adequacyReasons(fit),
                warnings(answer, model, tokens), fit.observedRanges());
    }

    BudgetResponse budget(String family, String form, BudgetRequest request, boolean fresh) {
        PrunedModel model = request.model().resolve(fitting.form(form));
        String criterion = request.criterion();
        if (criterion == null) {
            throw InvalidInputException.of("criterion", "is required: target, slope or doubling");
        }
        double threshold = switch (criterion) {
            case "target" -> LawRequests.positive("targetLoss", request.targetLoss());
            case "slope" -> LawRequests.positive("slopeThreshold", request.slopeThreshold());
            case "doubling" -> LawRequests.positive("epsilon", request.epsilon());
            default -> throw InvalidInputException.of("criterion", "must be target, slope or doubling, not '"
                    + criterion + "'");
        };
        double level = LawRequests.level(request.level());
        LawAnswer answer = fits.current(family, FitSpec.defaults(form), fresh);
        FittedLaw law = answer.current().law();
        BudgetAnswer budget = switch (criterion) {
            case "target" -> law.tokensToTarget(model, threshold);
            case "slope" -> law.tokensAtSlope(model, threshold);
            default -> law.tokensAtDoubling(model, threshold);
        };
        double[] tokens = budget.reachable() ? new double[] {budget.tokens()} : new double[0];
        List<Prediction> predictions = budget.reachable()
                ? List.of(Prediction.of(law.observedLossPredictions(model, level, budget.tokens()).get(0)))
                : List.of();
        // reachable: the interval for an observed loss at the budget; unreachable: the asymptote's band
        Double lower = budget.reachable() ? predictions.get(0).lower() : finite(budget.lossInterval().lower());
        Double upper = budget.reachable() ? predictions.get(0).upper() : finite(budget.lossInterval().upper());
        StoredFit fit = answer.current().fit();
        return new BudgetResponse(form, criterion, model, LawReference.of(answer), budget.reachable(),
                budget.reachable() ? finite(budget.tokens()) : null, finite(budget.loss()), lower, upper, level,
                predictions, finite(budget.asymptote()), budget.reachable() ? null : budget.reason(),
                LawResponses.adequacy(fit), LawResponses.adequacyReasons(fit), warnings(answer, model, tokens));
    }

    /**
     * Passes when a run of the plan reaches the target with at least the asked confidence, and the law
     * is not inadequate (unless the caller accepts that).
     */
    BudgetCheckResponse check(String family, String form, BudgetCheckRequest request, boolean fresh) {
        PrunedModel model = request.model().resolve(fitting.form(form));
        double plannedTokens = LawRequests.positive("plannedTokens", request.plannedTokens());
        double targetLoss = LawRequests.positive("targetLoss", request.targetLoss());
        double epsilon = request.epsilon() == null ? DEFAULT_DIMINISHING_EPSILON
                : LawRequests.positive("epsilon", request.epsilon());
        double level = LawRequests.level(request.level());
        double confidence = LawRequests.confidence(request.confidence());
        boolean allowInadequate = Boolean.TRUE.equals(request.allowInadequate());
        LawAnswer answer = fits.current(family, FitSpec.defaults(form), fresh);
        FittedLaw law = answer.current().law();
        ObservedLossPrediction planned = law.observedLossPredictions(model, level, plannedTokens).get(0);
        double loss = planned.loss();
        double probability = law.probabilityAtMost(model, plannedTokens, targetLoss);
        BudgetAnswer target = law.tokensToTarget(model, targetLoss);
        BudgetAnswer doubling = law.tokensAtDoubling(model, epsilon);
        boolean past = doubling.reachable() && plannedTokens > doubling.tokens();
        StoredFit fit = answer.current().fit();
        boolean inadequate = fit.adequacy() != null && fit.adequacy().verdict() == Adequacy.Verdict.INADEQUATE;
        boolean confident = probability >= confidence;
        String verdictReason;
        if (inadequate && !allowInadequate) {
            verdictReason = "the law is inadequate for this family (see adequacyReasons), so the check fails closed; "
                    + "send allowInadequate: true to judge the plan by it anyway";
        } else {
            verdictReason = String.format(java.util.Locale.ROOT, "the probability that a run reaches the target, "
                    + "%.4f, is %s the required confidence %s", probability, confident ? "at least" : "below",
                    confidence);
        }
        boolean pass = confident && (!inadequate || allowInadequate);
        return new BudgetCheckResponse(form, pass ? "pass" : "fail", verdictReason, probability, confidence,
                model, LawReference.of(answer), plannedTokens, targetLoss, finite(loss),
                finite(planned.lower()), finite(planned.upper()), level, List.of(Prediction.of(planned)),
                finite(targetLoss - loss), target.reachable(), target.reachable() ? finite(target.tokens()) : null,
                finite(law.asymptote(model)),
                new DiminishingReturns(epsilon, doubling.reachable() ? finite(doubling.tokens()) : null, past),
                LawResponses.adequacy(fit), LawResponses.adequacyReasons(fit), warnings(answer, model, plannedTokens));
    }

    ValidationResponse validate(String family, String form, ValidationRequest request) {
        fitting.form(form);
        ValidationRequest body = request == null ? ValidationRequest.NONE : request;
        FitOptions resolved = body.options().resolve(VALIDATION_DEFAULTS);
        double level = LawRequests.level(body.level());
        FamilySnapshot snapshot = catalog.snapshot(family).orElseThrow(() -> new UnknownFamilyException(family));
        var report = fitting.validate(form, snapshot.curves(), resolved, level);
        return new ValidationResponse(report.form(), snapshot.dataVersion(), level,
                report.splits().stream().map(split -> HeldOutView.of(split, level)).toList());
    }

    /**
     * Each form's current law, ranked by the mean absolute percentage error of its held-out refits; the
     * data version is the newest any of them was fitted on.
     */
    ComparisonResponse compare(String family) {
        long dataVersion = fits.dataVersion(family);
        List<StoredFit> fitted = new ArrayList<>();
        List<InapplicableForm> inapplicable = new ArrayList<>();
        for (LawForm form : fitting.forms()) {
            try {
                StoredFit fit = fits.current(family, FitSpec.defaults(form.name())).current().fit();
                fitted.add(fit);
                dataVersion = Math.max(dataVersion, fit.dataVersion());
            } catch (UnfittableDataException e) {
                inapplicable.add(new InapplicableForm(form.name(), e.getMessage()));
            }
        }
        // Lowest held-out error first, ASD breaking ties; a fit without held-out refits ranks last.
        fitted.sort(Comparator.comparingDouble((StoredFit fit) -> orLast(LawResponses.heldOutMape(fit)))
                .thenComparingDouble(fit -> Double.isNaN(fit.asd()) ? Double.POSITIVE_INFINITY : fit.asd()));
        List<ComparisonEntry> ranking = new ArrayList<>();
        for (StoredFit fit : fitted) {
            ranking.add(new ComparisonEntry(ranking.size() + 1, fit.form(), fit.id(), LawResponses.heldOutMape(fit),
                    LawResponses.heldOutCoverage(fit), finite(fit.asd()), finite(fit.r2()), finite(fit.rmse()),
                    fit.objective(), fit.points(), fit.runs(), LawResponses.adequacy(fit),
                    LawResponses.adequacyReasons(fit), fit.warnings()));
        }
        return new ComparisonResponse(dataVersion, RANKED_BY, ranking, inapplicable);
    }

    static final String RANKED_BY = "heldOutMape: the mean absolute percentage error of each form's held-out refits "
            + "(each model size, each pruning rate and the last 20 % of every run held out in turn), lowest first; "
            + "ties by ASD. heldOutCoverage is the share of those held-out checkpoints inside the 90 % prediction "
            + "interval calibrated on the other refits";

    private static double orLast(Double value) {
        return value == null ? Double.POSITIVE_INFINITY : value;
    }

    /** Extrapolations first (what the caller can change), then what the fit itself warns about. */
    private static List<String> warnings(LawAnswer answer, PrunedModel model, double... tokens) {
        StoredFit fit = answer.current().fit();
        List<String> warnings = new ArrayList<>(fit.observedRanges().extrapolations(model, tokens));
        if (answer.failedRefit() != null) {
            warnings.add(LawResponses.refitFailure(answer.failedRefit()));
        }
        if (answer.stale()) {
            warnings.add("stale: fitted on data version " + fit.dataVersion() + ", the family is at "
                    + answer.currentDataVersion() + "; a refit is under way (ask with fresh=true to wait for it)");
        }
        for (String warning : fit.warnings()) {
            warnings.add("fit: " + warning);
        }
        return warnings;
    }
}
