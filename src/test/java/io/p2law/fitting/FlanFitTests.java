package io.p2law.fitting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Real, noisy fine-tuning curves, one model at a time: every form fits or says why not. */
class FlanFitTests {

    private final LawFitting fitting = TestData.FITTING;

    @Test
    void everyModelFitsOrFailsWithAStatedReason() {
        List<RunCurve> models = TestData.flan();
        assertThat(models).hasSize(30);
        FitOptions options = new FitOptions(1e-3, 4, 0, 20, 42L);
        int fitted = 0;
        for (RunCurve model : models) {
            assertThat(model.tokens()).hasSize(14);
            for (LawForm form : fitting.forms()) {
                try {
                    FitReport report = fitting.fit(form.name(), List.of(model), options);
                    fitted++;
                    assertThat(report.points()).isEqualTo(14);
                    assertThat(report.objective()).isFinite();
                    // a single curve cannot separate the size term from the constant: it must say so
                    assertThat(report.warnings()).isNotEmpty();
                    assertThat(report.law().predict(new PrunedModel(model.model().paramsBefore(), model.model().paramsAfter(), 0,
                            null), 1e6)).isPositive();
                } catch (UnfittableDataException e) {
                    assertThat(e.getMessage()).isNotBlank();
                    // P2 forms need lossBefore and (p2, p2-no-size) a pruning rate: FLAN has neither
                    assertThat(form.name()).startsWith("p2");
                }
            }
        }
        assertThat(fitted).isEqualTo(2 * models.size());
    }
}
