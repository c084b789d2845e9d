package io.p2law.law.web;

import org.springframework.boot.jackson.JacksonMixin;

import io.p2law.fitting.PrunedModel;
import io.p2law.web.Counts;
import tools.jackson.databind.annotation.JsonSerialize;

/** How a planned model reads in JSON: its parameter counts are whole numbers. */
@JacksonMixin(PrunedModel.class)
abstract class PrunedModelJson {

    @JsonSerialize(using = Counts.Nearest.class)
    abstract double paramsBefore();

    @JsonSerialize(using = Counts.Nearest.class)
    abstract double paramsAfter();
}
