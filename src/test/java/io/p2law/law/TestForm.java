package io.p2law.law;

import java.util.List;
import java.util.Optional;

import io.p2law.fitting.LawForm;
import io.p2law.fitting.ParameterInfo;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.RunCurve;

/** A form with the P2 law's needs (lossBefore, 0 < rate < 1), for tests that need no fitting. */
public record TestForm(String name, List<String> requiredFields) implements LawForm {

    public static final TestForm P2_LIKE = new TestForm("p2", List.of("paramsBefore", "pruningRate", "lossBefore"));
    public static final TestForm CHINCHILLA_LIKE = new TestForm("chinchilla", List.of("paramsAfter"));

    @Override
    public String formula() {
        return "L = f(N0, rho, D)";
    }

    @Override
    public String description() {
        return "a form for tests";
    }

    @Override
    public List<ParameterInfo> parameters() {
        return List.of(new ParameterInfo("E", "nats", "irreducible loss"));
    }

    @Override
    public Optional<String> refusal(RunCurve run) {
        return requiredFields.contains("lossBefore") && run.model().lossBefore() == null
                ? Optional.of(name + " needs lossBefore") : Optional.empty();
    }

    @Override
    public Optional<String> refusal(PrunedModel model) {
        return requiredFields.contains("lossBefore") && !(model.pruningRate() > 0)
                ? Optional.of(name + " needs 0 < pruningRate < 1") : Optional.empty();
    }
}
