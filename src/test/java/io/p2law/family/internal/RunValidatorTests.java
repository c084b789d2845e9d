package io.p2law.family.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.p2law.error.FieldProblem;

class RunValidatorTests {

    private final List<FieldProblem> problems = new ArrayList<>();

    @Test
    void derivesParamsAfterFromTheRate() {
        NewRun run = validate(input(1000L, null, 0.25));

        assertThat(run.run().model().paramsAfter()).isEqualTo(750);
        assertThat(run.run().model().pruningRate()).isEqualTo(0.25);
    }

    @Test
    void derivesTheRateFromParamsAfter() {
        NewRun run = validate(input(1000L, 800L, null));

        assertThat(run.run().model().pruningRate()).isEqualTo(0.2);
    }

    @Test
    void acceptsAnUnprunedModel() {
        NewRun run = validate(input(1000L, null, 0.0));

        assertThat(run.run().model().paramsAfter()).isEqualTo(1000);
    }

    @Test
    void acceptsRateAndParamsAfterThatAgreeWithinTolerance() {
        assertThat(validate(input(1000L, 796L, 0.2))).isNotNull();
    }

    @Test
    void refusesRateAndParamsAfterThatDisagree() {
        assertThat(validate(input(1000L, 790L, 0.2))).isNull();
        assertThat(problems).extracting(FieldProblem::field).containsExactly("pruningRate");
    }

    @Test
    void refusesRatesOutsideZeroToOne() {
        validate(input(1000L, null, 1.0));
        validate(input(1000L, null, -0.1));
        validate(input(1000L, null, Double.NaN));

        assertThat(problems).hasSize(3).extracting(FieldProblem::field).containsOnly("pruningRate");
    }

    @Test
    void requiresRateOrParamsAfter() {
        assertThat(validate(input(1000L, null, null))).isNull();
        assertThat(problems).extracting(FieldProblem::reason).containsExactly("give pruningRate or paramsAfter");
    }

    @Test
    void namesEveryBadCheckpoint() {
        RunInput input = new RunInput("r1", "m", "depth", 1000L, null, 0.2, Double.POSITIVE_INFINITY, null, List.of(
                new CheckpointInput(0L, 3.0), new CheckpointInput(-5L, 2.0), new CheckpointInput(10L, Double.NaN),
                new CheckpointInput(0L, 2.9), new CheckpointInput(null, null)));

        assertThat(validate(input)).isNull();
        assertThat(problems).extracting(FieldProblem::field).containsExactly("lossBefore", "checkpoints[1].tokens",
                "checkpoints[2].loss", "checkpoints[3].tokens", "checkpoints[4].tokens", "checkpoints[4].loss");
    }

    @Test
    void sortsCheckpointsByTokens() {
        RunInput input = new RunInput("r1", "m", "depth", 1000L, null, 0.2, null, null, List.of(
                new CheckpointInput(40L, 2.4), new CheckpointInput(0L, 3.0), new CheckpointInput(20L, 2.5)));

        NewRun run = validate(input);

        assertThat(run.run().tokens()).containsExactly(0, 20, 40);
        assertThat(run.run().losses()).containsExactly(3.0, 2.5, 2.4);
    }

    @Test
    void refusesRunIdsThatAreNotUrlSafe() {
        RunInput input = new RunInput("run 1/a", "m", "depth", 1000L, null, 0.2, null, null, null);

        assertThat(validate(input)).isNull();
        assertThat(problems).extracting(FieldProblem::field).containsExactly("runId");
    }

    private NewRun validate(RunInput input) {
        return RunValidator.validate(input, InputLocation.json(""), problems);
    }

    private static RunInput input(Long paramsBefore, Long paramsAfter, Double rate) {
        return new RunInput("r1", "llama", "depth", paramsBefore, paramsAfter, rate, 2.0, null,
                List.of(new CheckpointInput(10L, 2.5)));
    }
}
