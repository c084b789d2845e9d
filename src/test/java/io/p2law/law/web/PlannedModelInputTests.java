package io.p2law.law.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.p2law.fitting.PrunedModel;
import io.p2law.error.InvalidInputException;
import io.p2law.error.FieldProblem;
import io.p2law.law.TestForm;

class PlannedModelInputTests {

    @Test
    void derivesParamsAfterFromTheRate() {
        PrunedModel model = new PlannedModelInput(3.21e9, 0.25, null, 2.12).resolve(TestForm.P2_LIKE);

        assertThat(model.paramsAfter()).isEqualTo(3.21e9 * 0.75);
        assertThat(model.pruningRate()).isEqualTo(0.25);
        assertThat(model.lossBefore()).isEqualTo(2.12);
    }

    @Test
    void derivesTheRateFromParamsAfter() {
        PrunedModel model = new PlannedModelInput(8e9, null, 6e9, 1.95).resolve(TestForm.P2_LIKE);

        assertThat(model.pruningRate()).isEqualTo(0.25);
    }

    @Test
    void acceptsRateAndParamsAfterThatAgreeWithinTolerance() {
        PrunedModel model = new PlannedModelInput(8e9, 0.254, 6e9, 1.95).resolve(TestForm.P2_LIKE);

        assertThat(model.pruningRate()).isEqualTo(0.254);
        assertThat(model.paramsAfter()).isEqualTo(6e9);
    }

    @Test
    void refusesRateAndParamsAfterThatDisagree() {
        assertThatThrownBy(() -> new PlannedModelInput(8e9, 0.3, 6e9, 1.95).resolve(TestForm.P2_LIKE))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problems()).extracting(FieldProblem::field)
                                .containsExactly("paramsAfter"));
    }

    @Test
    void namesTheFieldTheFormNeeds() {
        assertThatThrownBy(() -> new PlannedModelInput(8e9, 0.25, null, null).resolve(TestForm.P2_LIKE))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .containsExactly(FieldProblem.of("lossBefore", "is required by form p2")));
    }

    @Test
    void aFormThatDoesNotNeedLossBeforeGoesWithout() {
        PrunedModel model = new PlannedModelInput(8e9, 0.0, null, null).resolve(TestForm.CHINCHILLA_LIKE);

        assertThat(model.paramsAfter()).isEqualTo(8e9);
        assertThat(model.lossBefore()).isNull();
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        assertThatThrownBy(() -> new PlannedModelInput(null, 1.5, null, -1.0).resolve(TestForm.P2_LIKE))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problems()).extracting(FieldProblem::field)
                                .containsExactly("paramsBefore", "pruningRate", "lossBefore"));
    }

    @Test
    void needsTheRateOrParamsAfter() {
        assertThatThrownBy(() -> new PlannedModelInput(8e9, null, null, 1.9).resolve(TestForm.P2_LIKE))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problems()).extracting(FieldProblem::field)
                                .containsExactly("pruningRate"));
    }

    @Test
    void passesOnTheFormsOwnRefusalNamingItsField() {
        assertThatThrownBy(() -> new PlannedModelInput(8e9, 0.0, null, 1.9).resolve(TestForm.P2_LIKE))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .containsExactly(FieldProblem.of("pruningRate", "p2 needs 0 < pruningRate < 1")));
    }
}
