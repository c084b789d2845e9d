package io.p2law.law.web;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.p2law.law.web.DecisionRequests.ForecastBody;
import io.p2law.law.web.DecisionRequests.PlanBody;
import io.p2law.law.web.DecisionResponses.ForecastResponse;
import io.p2law.law.web.DecisionResponses.PlanResponse;

/** Pruning plans and forecasts for runs in flight; see {@code openapi.yaml} for the contract. */
@RestController
@RequestMapping("/api/v1/families/{family}")
class DecisionController {

    private static final String DEFAULT_FORM = "p2";

    private final DecisionService decisions;

    DecisionController(DecisionService decisions) {
        this.decisions = decisions;
    }

    @PostMapping("/plans")
    PlanResponse plan(@PathVariable String family, @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestBody(required = false) PlanBody request) {
        return decisions.plan(family, form, request);
    }

    @PostMapping("/runs/{runId}/forecast")
    ForecastResponse forecast(@PathVariable String family, @PathVariable String runId,
            @RequestParam(defaultValue = DEFAULT_FORM) String form,
            @RequestBody(required = false) ForecastBody request) {
        return decisions.forecast(family, form, runId, request);
    }
}
