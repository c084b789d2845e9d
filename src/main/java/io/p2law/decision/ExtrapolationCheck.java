package io.p2law.decision;

import java.util.List;

import io.p2law.fitting.PrunedModel;

/** Warnings for a model and token counts outside the family's data (sizes, rates, tokens). */
@FunctionalInterface
public interface ExtrapolationCheck {

    ExtrapolationCheck NONE = (model, tokens) -> List.of();

    List<String> warnings(PrunedModel model, double... tokens);
}
