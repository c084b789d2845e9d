package io.p2law.law.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.fitting.LawForm;
import io.p2law.fitting.PrunedModel;

/**
 * A planned model as a request gives it: {@code paramsBefore}, then {@code pruningRate} or
 * {@code paramsAfter} (the other is derived; given both, they must agree within {@link PrunedModel#RATE_TOLERANCE}), and
 * {@code lossBefore} where the form needs it.
 */
record PlannedModelInput(Double paramsBefore, Double pruningRate, Double paramsAfter, Double lossBefore) {

    private static final List<String> FIELDS = List.of("paramsBefore", "paramsAfter", "pruningRate", "lossBefore");

    /** The model for the form, or every problem with the input at once. */
    PrunedModel resolve(LawForm form) {
        List<FieldProblem> errors = new ArrayList<>();
        if (paramsBefore == null) {
            errors.add(error("paramsBefore", "is required"));
        } else if (!(Double.isFinite(paramsBefore) && paramsBefore > 0)) {
            errors.add(error("paramsBefore", "must be a positive parameter count"));
        }
        if (pruningRate != null && !(Double.isFinite(pruningRate) && pruningRate >= 0 && pruningRate < 1)) {
            errors.add(error("pruningRate", "must be at least 0 and below 1"));
        }
        if (paramsAfter != null && !(Double.isFinite(paramsAfter) && paramsAfter > 0)) {
            errors.add(error("paramsAfter", "must be a positive parameter count"));
        } else if (paramsAfter != null && paramsBefore != null && paramsAfter > paramsBefore) {
            errors.add(error("paramsAfter", "must not exceed paramsBefore"));
        }
        if (pruningRate == null && paramsAfter == null) {
            errors.add(error("pruningRate", "give pruningRate or paramsAfter"));
        }
        if (lossBefore != null && !(Double.isFinite(lossBefore) && lossBefore > 0)) {
            errors.add(error("lossBefore", "must be a positive loss"));
        }
        for (String field : form.requiredFields()) {
            if ("lossBefore".equals(field) && lossBefore == null) {
                errors.add(error("lossBefore", "is required by form " + form.name()));
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidInputException.of(errors);
        }
        if (pruningRate != null && paramsAfter != null) {
            PrunedModel.disagreement(paramsBefore, pruningRate, paramsAfter).ifPresent(reason -> {
                throw InvalidInputException.of("paramsAfter", reason);
            });
        }
        PrunedModel model = PrunedModel.of(paramsBefore, pruningRate, paramsAfter, lossBefore);
        Optional<String> refusal = form.refusal(model);
        if (refusal.isPresent()) {
            throw InvalidInputException.of(fieldNamedIn(refusal.get()), refusal.get());
        }
        return model;
    }

    /** The form says why in words; name the field those words mention, if any. */
    private static String fieldNamedIn(String reason) {
        return FIELDS.stream().filter(reason::contains).findFirst().orElse("model");
    }

    private static FieldProblem error(String field, String reason) {
        return FieldProblem.of(field, reason);
    }
}
