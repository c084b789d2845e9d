package io.p2law.law.web;

import java.net.URI;
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
import org.springframework.web.util.UriComponentsBuilder;

import io.p2law.law.CurrentLaws;
import io.p2law.law.FitJob;
import io.p2law.law.LawAnswer;
import io.p2law.law.web.LawRequests.BudgetCheckRequest;
import io.p2law.law.web.LawRequests.BudgetRequest;
import io.p2law.law.web.LawRequests.FitRequest;
import io.p2law.law.web.LawRequests.PredictionRequest;
import io.p2law.law.web.LawRequests.ValidationRequest;
import io.p2law.law.web.LawResponses.BudgetCheckResponse;
import io.p2law.law.web.LawResponses.BudgetResponse;
import io.p2law.law.web.LawResponses.ComparisonResponse;
import io.p2law.law.web.LawResponses.FitJobView;
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
    ResponseEntity<FitView> law(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestParam(defaultValue = "false") boolean fresh) {
        FitView law = laws.currentLaw(family, form, fresh);
        return ResponseEntity.ok().eTag("\"law." + law.id() + "." + law.currentDataVersion() + "\"").body(law);
    }

    /**
     * 200 with the stored fit of these options on the current data; else a job: 202 with its
     * Location, or with {@code wait} the fit once done (201) when it finishes within that many seconds.
     */
    @PostMapping("/families/{family}/fits")
    ResponseEntity<?> fit(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestParam(defaultValue = "0") int wait, @RequestBody(required = false) FitRequest request) {
        CurrentLaws.Submission submission = laws.fit(family, form,
                request != null ? request : new FitRequest(null, null, null, null, null, null), wait);
        if (submission.answer().isPresent()) {
            LawAnswer answer = submission.answer().get();
            return ResponseEntity.status(answer.fittedNow() ? HttpStatus.CREATED : HttpStatus.OK)
                    .location(fitLocation(family, answer.current().fit().id()))
                    .body(FitView.of(answer));
        }
        FitJob job = submission.job();
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(fitLocation(family, job.id()))
                .body(FitJobView.of(job, null, job.dataVersion()));
    }

    @GetMapping("/families/{family}/fits/{fitId}")
    FitJobView fitResource(@PathVariable String family, @PathVariable long fitId) {
        return laws.fitResource(family, fitId);
    }

    private static URI fitLocation(String family, long fitId) {
        return UriComponentsBuilder.fromPath("/api/v1/families/{family}/fits/{fitId}").buildAndExpand(family, fitId)
                .toUri();
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
            @RequestParam(defaultValue = "false") boolean fresh, @RequestBody PredictionRequest request) {
        return laws.predict(family, form, request, fresh);
    }

    @PostMapping("/families/{family}/budgets")
    BudgetResponse budget(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestParam(defaultValue = "false") boolean fresh, @RequestBody BudgetRequest request) {
        return laws.budget(family, form, request, fresh);
    }

    /** With {@code enforce=true} a failing check is a 422, so that {@code curl --fail} fails the CI step. */
    @PostMapping("/families/{family}/budget-checks")
    ResponseEntity<BudgetCheckResponse> check(@PathVariable String family,
            @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestParam(defaultValue = "false") boolean enforce, @RequestParam(defaultValue = "false") boolean fresh,
            @RequestBody BudgetCheckRequest request) {
        BudgetCheckResponse check = laws.check(family, form, request, fresh);
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
            @RequestParam(required = false) List<String> runs) {
        LawPlotService.Plot plot = plots.plot(family, form, runs == null ? List.of()
                : runs.stream().map(String::strip).filter(run -> !run.isEmpty()).toList());
        return ResponseEntity.ok().contentType(SVG).eTag(plot.etag()).body(plot.svg());
    }
}
