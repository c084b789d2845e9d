package io.p2law.law.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;

import io.p2law.decision.CalibratedUncertainty;
import io.p2law.decision.Forecast;
import io.p2law.decision.ForecastRequest;
import io.p2law.decision.LossUncertainty;
import io.p2law.decision.PlanAnswer;
import io.p2law.decision.PlanRequest;
import io.p2law.decision.PruningPlanner;
import io.p2law.decision.RunForecaster;
import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.error.NotFoundException;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilySnapshot;
import io.p2law.fitting.FittedLaw;
import io.p2law.fitting.LawFitting;
import io.p2law.fitting.LawForm;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;
import io.p2law.law.CurrentLaws;
import io.p2law.law.FitSpec;
import io.p2law.law.LawAnswer;
import io.p2law.law.StoredFit;
import io.p2law.law.web.DecisionRequests.ForecastBody;
import io.p2law.law.web.DecisionRequests.PlanBody;
import io.p2law.law.web.DecisionResponses.ForecastResponse;
import io.p2law.law.web.DecisionResponses.PlanResponse;
import io.p2law.law.web.LawResponses.LawReference;

/** Plans and forecasts: the family's current law and runs handed to the decision core. */
@Service
class DecisionService {

    /** Families whose runs are kept; past that all are dropped and read again on demand. */
    private static final int MAX_CACHED_FAMILIES = 64;

    private final LawFitting fitting;
    private final CurrentLaws fits;
    private final FamilyCatalog catalog;
    private final RunForecaster forecaster = new RunForecaster();
    /**
     * The runs a law's answers were last made with, by fit id and the family's data version then:
     * reading a family's checkpoints costs more than a plan or forecast itself (about 20 ms against
     * 1 to 6 ms for the 456-checkpoint example family), and a fit id belongs to one family.
     */
    private final Map<List<Long>, List<RunCurve>> curves = new ConcurrentHashMap<>();

    DecisionService(LawFitting fitting, CurrentLaws fits, FamilyCatalog catalog) {
        this.fitting = fitting;
        this.fits = fits;
        this.catalog = catalog;
    }

    PlanResponse plan(String family, String form, PlanBody body) {
        LawForm lawForm = fitting.form(form);
        if (body == null) {
            throw InvalidInputException.of("body", "is required");
        }
        LawAnswer answer = fits.current(family, FitSpec.defaults(form));
        StoredFit fit = answer.current().fit();
        FittedLaw law = answer.current().law();
        PlanRequest request = body.resolve(fit.observedRanges().pruningRate().min(),
                fit.observedRanges().pruningRate().max(), lawForm.requiredFields().contains("lossBefore"));
        for (double rate : new double[] {request.minRate(), request.maxRate()}) {
            PrunedModel model = new PrunedModel(request.paramsBefore(), request.paramsBefore() * (1 - rate), rate,
                    request.lossBefore());
            Optional<String> refusal = lawForm.refusal(model);
            if (refusal.isPresent()) {
                throw InvalidInputException.of(rate == request.minRate() ? "minRate" : "maxRate", refusal.get());
            }
        }
        LossUncertainty uncertainty = new CalibratedUncertainty(law);
        PlanAnswer plan = new PruningPlanner(uncertainty).plan(request,
                (model, tokens) -> LawService.warnings(answer, model, tokens));
        return PlanResponse.of(form, LawReference.of(answer), request, plan, plan.warnings());
    }

    ForecastResponse forecast(String family, String form, String runId, ForecastBody body) {
        LawAnswer answer = fits.current(family, FitSpec.defaults(form));
        RunForecast forecast = forecast(family, form, runId, body, answer);
        List<String> warnings = new ArrayList<>(forecast.warnings());
        warnings.addAll(LawService.warnings(answer, forecast.model(), forecast.until()));
        return ForecastResponse.of(form, LawReference.of(answer), forecast.forecast(), warnings);
    }

    /** The family's runs at the answer's data version. */
    List<RunCurve> curves(String family, LawAnswer answer) {
        List<Long> key = List.of(answer.current().fit().id(), answer.currentDataVersion());
        List<RunCurve> cached = curves.get(key);
        if (cached != null) {
            return cached;
        }
        FamilySnapshot snapshot = catalog.snapshot(family).orElseThrow(() -> new UnknownFamilyException(family));
        List<RunCurve> read = snapshot.curves();
        if (snapshot.dataVersion() == answer.currentDataVersion()) {
            if (curves.size() >= MAX_CACHED_FAMILIES) {
                curves.clear();
            }
            curves.put(key, read);
        }
        return read;
    }

    /** A run's forecast with the model and horizon it was made for. */
    record RunForecast(Forecast forecast, PrunedModel model, double until) {

        List<String> warnings() {
            return forecast.warnings();
        }
    }

    /** The core forecast of the run, for answers and plots. */
    RunForecast forecast(String family, String form, String runId, ForecastBody body, LawAnswer answer) {
        fitting.form(form);
        if (body == null) {
            throw InvalidInputException.of("body", "is required");
        }
        List<RunCurve> runs = curves(family, answer);
        RunCurve run = runs.stream().filter(r -> r.runId().equals(runId)).findFirst()
                .orElseThrow(() -> unknownRun(family, runId));
        FittedLaw law = answer.current().law();
        Optional<String> refusal = law.form().refusal(run);
        if (refusal.isPresent()) {
            throw InvalidInputException.of("runId", "the " + form + " law cannot forecast this run: " + refusal.get());
        }
        double current = 0;
        for (double t : run.tokens()) {
            current = Math.max(current, t);
        }
        ForecastRequest request = body.resolve(current);
        return new RunForecast(forecaster.forecast(law, runs, run, request), run.model(), request.until());
    }

    /** A run this family does not have (perhaps another family's): 404 naming the run. */
    private static NotFoundException unknownRun(String family, String runId) {
        NotFoundException generic = NotFoundException.run(family, runId);
        return new NotFoundException(generic.detail(), List.of(FieldProblem.of("runId", generic.detail())));
    }
}
