package io.p2law.law.web;

import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.p2law.law.LawAnswer;
import io.p2law.law.web.LawRequests.BudgetCheckRequest;
import io.p2law.law.web.LawRequests.BudgetRequest;
import io.p2law.law.web.LawRequests.FitRequest;
import io.p2law.law.web.LawRequests.PredictionRequest;
import io.p2law.law.web.LawRequests.ValidationRequest;
import io.p2law.law.web.LawResponses.BudgetCheckResponse;
import io.p2law.law.web.LawResponses.BudgetResponse;
import io.p2law.law.web.LawResponses.ComparisonResponse;
import io.p2law.law.web.LawResponses.FitList;
import io.p2law.law.web.LawResponses.FitView;
import io.p2law.law.web.LawResponses.LawCatalog;
import io.p2law.law.web.LawResponses.PredictionResponse;
import io.p2law.law.web.LawResponses.ValidationResponse;

/** The law endpoints; see {@code openapi.yaml} for the contract. */
@RestController
@RequestMapping("/api/v1")
class LawController {

    private static final String DEFAULT_FORM = "p2";
    private static final MediaType SVG = MediaType.valueOf("image/svg+xml");

    private final LawService laws;
    private final LawPlotService plots;

    LawController(LawService laws, LawPlotService plots) {
        this.laws = laws;
        this.plots = plots;
    }

    @GetMapping("/laws")
    LawCatalog laws() {
        return laws.catalog();
    }

    @GetMapping("/families/{family}/law")
    ResponseEntity<FitView> law(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form) {
        FitView law = laws.currentLaw(family, form);
        return ResponseEntity.ok().eTag("\"law." + law.id() + "." + law.currentDataVersion() + "\"").body(law);
    }

    @PostMapping("/families/{family}/fits")
    ResponseEntity<FitView> fit(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestBody(required = false) FitRequest request) {
        LawAnswer answer = laws.fit(family, form,
                request != null ? request : new FitRequest(null, null, null, null, null, null));
        return ResponseEntity.status(answer.fittedNow() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(FitView.of(answer));
    }

    @GetMapping("/families/{family}/fits")
    ResponseEntity<FitList> fits(@PathVariable String family, @RequestParam Optional<String> form,
            @RequestParam(defaultValue = "20") int limit) {
        FitList fits = laws.history(family, form, limit);
        // Fits are never changed once stored: the list changes with its ids and with the family's data version.
        String ids = fits.fits().stream().map(fit -> fit.id() + "." + fit.currentDataVersion())
                .collect(java.util.stream.Collectors.joining("-"));
        return ResponseEntity.ok().eTag("\"fits." + Integer.toHexString((form.orElse("*") + limit + ids).hashCode()) + "\"")
                .body(fits);
    }

    @PostMapping("/families/{family}/predictions")
    PredictionResponse predict(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestBody PredictionRequest request) {
        return laws.predict(family, form, request);
    }

    @PostMapping("/families/{family}/budgets")
    BudgetResponse budget(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestBody BudgetRequest request) {
        return laws.budget(family, form, request);
    }

    /** With {@code enforce=true} a failing check is a 422, so that {@code curl --fail} fails the CI step. */
    @PostMapping("/families/{family}/budget-checks")
    ResponseEntity<BudgetCheckResponse> check(@PathVariable String family,
            @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestParam(defaultValue = "false") boolean enforce, @RequestBody BudgetCheckRequest request) {
        BudgetCheckResponse check = laws.check(family, form, request);
        HttpStatus status = enforce && !check.passed() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.OK;
        return ResponseEntity.status(status).body(check);
    }

    @PostMapping("/families/{family}/validations")
    ValidationResponse validate(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestBody(required = false) ValidationRequest request) {
        return laws.validate(family, form, request);
    }

    @GetMapping("/families/{family}/law/comparison")
    ComparisonResponse compare(@PathVariable String family) {
        return laws.compare(family);
    }

    /** The SVG whatever the Accept: a client that admits only JSON or problems still gets the picture. */
    @GetMapping("/families/{family}/law/plot.svg")
    ResponseEntity<String> plot(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestParam(required = false) List<String> runs, @RequestParam Optional<String> forecast,
            @RequestParam Optional<Double> until, @RequestParam Optional<Double> target) {
        LawPlotService.Plot plot = plots.plot(family, form, runs == null ? List.of()
                : runs.stream().map(String::strip).filter(run -> !run.isEmpty()).toList(),
                new LawPlotService.Overlay(forecast.orElse(null), until.orElse(null), target.orElse(null)));
        return ResponseEntity.ok().contentType(SVG).eTag(plot.etag()).body(plot.svg());
    }
}
