package io.p2law.law.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.p2law.error.InvalidInputException;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilySnapshot;
import io.p2law.fitting.BudgetAnswer;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.Interval;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.LawForm;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.PredictedLoss;
import io.p2law.fitting.UnfittableDataException;
import io.p2law.law.CurrentLaws;
import io.p2law.law.FitSpec;
import io.p2law.law.LawAnswer;
import io.p2law.law.ObservedRanges;
import io.p2law.law.StoredFit;
import io.p2law.law.web.LawRequests.BudgetCheckRequest;
import io.p2law.law.web.LawRequests.BudgetRequest;
import io.p2law.law.web.LawRequests.FitOptionsInput;
import io.p2law.law.web.LawRequests.FitRequest;
import io.p2law.law.web.LawRequests.PredictionRequest;
import io.p2law.law.web.LawResponses.BudgetCheckResponse;
import io.p2law.law.web.LawResponses.BudgetResponse;
import io.p2law.law.web.LawResponses.ComparisonEntry;
import io.p2law.law.web.LawResponses.ComparisonResponse;
import io.p2law.law.web.LawResponses.DiminishingReturns;
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
    /** Held-out fits need no intervals, so validations skip the bootstrap unless asked. */
    private static final FitOptions VALIDATION_DEFAULTS = new FitOptions(FitOptions.DEFAULT.huberDelta(),
            FitOptions.DEFAULT.starts(), FitOptions.DEFAULT.minTokens(), 0, FitOptions.DEFAULT.seed());

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

    FitView currentLaw(String family, String form) {
        return FitView.of(fits.current(family, FitSpec.defaults(form)));
    }

    /** The body's form wins over the query's. */
    LawAnswer fit(String family, String queryForm, FitRequest request) {
        String form = request.form() != null ? request.form() : queryForm;
        FitSpec spec = new FitSpec(form, request.options().resolve(FitOptions.DEFAULT));
        return fits.fit(family, spec);
    }

    FitList history(String family, Optional<String> form, int limit) {
        if (limit < 1 || limit > 100) {
            throw InvalidInputException.of("limit", "must be between 1 and 100");
        }
        long current = fits.dataVersion(family);
        return new FitList(fits.history(family, form, limit).stream().map(fit -> FitView.of(fit, current)).toList());
    }

    PredictionResponse predict(String family, String form, PredictionRequest request) {
        PrunedModel model = request.model().resolve(fitting.form(form));
        double[] tokens = request.resolveTokens();
        LawAnswer answer = fits.current(family, FitSpec.defaults(form));
        FittedLaw law = answer.current().law();
        List<Prediction> predictions = new ArrayList<>(tokens.length);
        for (PredictedLoss predicted : law.predictions(model, tokens)) {
            Interval interval = predicted.interval();
            predictions.add(new Prediction(predicted.tokens(), finite(predicted.loss()), finite(interval.lower()),
                    finite(interval.upper())));
        }
        ObservedRanges ranges = answer.current().fit().observedRanges();
        return new PredictionResponse(form, model, LawReference.of(answer), predictions,
                finite(law.asymptote(model)), warnings(answer, model, tokens), ranges);
    }

    BudgetResponse budget(String family, String form, BudgetRequest request) {
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
        LawAnswer answer = fits.current(family, FitSpec.defaults(form));
        FittedLaw law = answer.current().law();
        BudgetAnswer budget = switch (criterion) {
            case "target" -> law.tokensToTarget(model, threshold);
            case "slope" -> law.tokensAtSlope(model, threshold);
            default -> law.tokensAtDoubling(model, threshold);
        };
        double[] tokens = budget.reachable() ? new double[] {budget.tokens()} : new double[0];
        Interval interval = budget.lossInterval();
        return new BudgetResponse(form, criterion, model, LawReference.of(answer), budget.reachable(),
                budget.reachable() ? finite(budget.tokens()) : null, finite(budget.loss()),
                interval == null ? null : finite(interval.lower()), interval == null ? null : finite(interval.upper()),
                finite(budget.asymptote()), budget.reachable() ? null : budget.reason(),
                warnings(answer, model, tokens));
    }

    BudgetCheckResponse check(String family, String form, BudgetCheckRequest request) {
        PrunedModel model = request.model().resolve(fitting.form(form));
        double plannedTokens = LawRequests.positive("plannedTokens", request.plannedTokens());
        double targetLoss = LawRequests.positive("targetLoss", request.targetLoss());
        double epsilon = request.epsilon() == null ? DEFAULT_DIMINISHING_EPSILON
                : LawRequests.positive("epsilon", request.epsilon());
        LawAnswer answer = fits.current(family, FitSpec.defaults(form));
        FittedLaw law = answer.current().law();
        PredictedLoss planned = law.predictions(model, plannedTokens).get(0);
        double loss = planned.loss();
        Interval interval = planned.interval();
        BudgetAnswer target = law.tokensToTarget(model, targetLoss);
        BudgetAnswer doubling = law.tokensAtDoubling(model, epsilon);
        boolean past = doubling.reachable() && plannedTokens > doubling.tokens();
        return new BudgetCheckResponse(form, loss <= targetLoss ? "pass" : "fail", model,
                LawReference.of(answer), plannedTokens, targetLoss, finite(loss), finite(interval.lower()),
                finite(interval.upper()), finite(targetLoss - loss), target.reachable(), target.reachable() ? finite(target.tokens()) : null,
                finite(law.asymptote(model)),
                new DiminishingReturns(epsilon, doubling.reachable() ? finite(doubling.tokens()) : null, past),
                warnings(answer, model, plannedTokens));
    }

    ValidationResponse validate(String family, String form, FitOptionsInput options) {
        fitting.form(form);
        FitOptions resolved = (options == null ? FitOptionsInput.NONE : options).resolve(VALIDATION_DEFAULTS);
        FamilySnapshot snapshot = catalog.snapshot(family).orElseThrow(() -> new UnknownFamilyException(family));
        var report = fitting.validate(form, snapshot.curves(), resolved);
        return new ValidationResponse(report.form(), snapshot.dataVersion(),
                report.splits().stream().map(HeldOutView::of).toList());
    }

    /** Each form's current law; the data version is the newest any of them was fitted on. */
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
        // Lowest ASD first; a fit without an ASD (no consecutive checkpoints) ranks last.
        fitted.sort(Comparator.comparingDouble(fit -> Double.isNaN(fit.asd()) ? Double.POSITIVE_INFINITY : fit.asd()));
        List<ComparisonEntry> ranking = new ArrayList<>();
        for (StoredFit fit : fitted) {
            ranking.add(new ComparisonEntry(ranking.size() + 1, fit.form(), fit.id(), finite(fit.asd()),
                    finite(fit.r2()), finite(fit.rmse()), fit.objective(), fit.points(), fit.runs(), fit.warnings()));
        }
        return new ComparisonResponse(dataVersion, ranking, inapplicable);
    }

    /** Extrapolations first (what the caller can change), then what the fit itself warns about. */
    static List<String> warnings(LawAnswer answer, PrunedModel model, double... tokens) {
        StoredFit fit = answer.current().fit();
        List<String> warnings = new ArrayList<>(fit.observedRanges().extrapolations(model, tokens));
        if (answer.stale()) {
            warnings.add("the family's data changed while this answer was made (fitted on data version "
                    + fit.dataVersion() + ", now " + answer.currentDataVersion() + ")");
        }
        for (String warning : fit.warnings()) {
            warnings.add("fit: " + warning);
        }
        return warnings;
    }
}
