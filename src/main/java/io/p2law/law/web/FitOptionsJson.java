package io.p2law.law.web;

import org.springframework.boot.jackson.JacksonMixin;

import io.p2law.fitting.FitOptions;
import io.p2law.web.Counts;
import tools.jackson.databind.annotation.JsonSerialize;

/** How a fit's options read in JSON: {@code minTokens} is a token count, a whole number. */
@JacksonMixin(FitOptions.class)
abstract class FitOptionsJson {

    @JsonSerialize(using = Counts.Nearest.class)
    abstract double minTokens();
}
