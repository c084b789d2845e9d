package io.p2law.family.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.p2law.error.FieldProblem;
import io.p2law.error.InvalidInputException;
import io.p2law.error.TooLargeException;
import io.p2law.family.internal.CheckpointInput;
import io.p2law.family.internal.RunInput;
class CsvRunsParserTests {

    private static final String HEADER =
            "family,run_id,base_model,pruning_method,params_before,params_after,pruning_rate,loss_before,tokens,loss\n";

    private final List<FieldProblem> problems = new ArrayList<>();

    @Test
    void readsTheSyntheticDepthFamily() throws IOException {
        String csv = Files.readString(Path.of("src/test/resources/data/p2-synthetic-llama3-depth.csv"), StandardCharsets.UTF_8);

        List<CsvRunsParser.CsvRun> runs = parse(csv, "llama3-depth");

        assertThat(problems).isEmpty();
        assertThat(runs).hasSize(9);
        assertThat(runs).allSatisfy(run -> assertThat(run.input().checkpoints()).hasSize(50));
        RunInput first = runs.get(0).input();
        assertThat(first.runId()).isEqualTo("llama-3.2-1b-depth-15");
        assertThat(first.paramsBefore()).isEqualTo(1_240_000_000L);
        assertThat(first.pruningRate()).isEqualTo(0.15);
        assertThat(first.checkpoints().get(0)).isEqualTo(new CheckpointInput(20_000_000L, 2.54071));
        assertThat(runs.get(0).lines()[0]).isEqualTo(2);
    }

    @Test
    void namesTheLineAndColumnOfANonNumber() {
        parse(HEADER + "f,r1,m,depth,1000,800,0.2,2.3,20,2.5\nf,r1,m,depth,1000,800,0.2,2.3,40,two\n", "f");

        assertThat(problems).containsExactly(FieldProblem.at(3, "loss", "not a number: 'two'"));
    }

    @Test
    void namesAMissingColumnOfARow() {
        parse(HEADER + "f,r1,m,depth,1000,800,0.2,2.3,20\n", "f");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.column()).isEqualTo("loss");
            assertThat(problem.reason()).startsWith("missing");
        });
    }

    @Test
    void refusesAFamilyColumnThatContradictsThePath() {
        parse(HEADER + "other,r1,m,depth,1000,800,0.2,2.3,20,2.5\n", "f");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.column()).isEqualTo("family");
        });
    }

    @Test
    void refusesRunColumnsThatChangeWithinARun() {
        parse(HEADER + "f,r1,m,depth,1000,800,0.2,2.3,20,2.5\nf,r1,m,depth,1000,800,0.3,2.3,40,2.4\n", "f");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.column()).isEqualTo("pruning_rate");
            assertThat(problem.reason()).contains("line 2");
        });
    }

    @Test
    void acceptsColumnsInAnyOrderQuotesExponentsAndNoFamilyColumn() {
        List<CsvRunsParser.CsvRun> runs = parse("""
                loss,tokens,run_id,base_model,pruning_method,params_before,pruning_rate
                2.5,2e7,r1,"llama, 1b",depth,1.24e9,0.15

                2.4,40000000.0,r1,"llama, 1b",depth,1240000000,0.15
                """, "f");

        assertThat(problems).isEmpty();
        RunInput run = runs.get(0).input();
        assertThat(run.baseModel()).isEqualTo("llama, 1b");
        assertThat(run.paramsBefore()).isEqualTo(1_240_000_000L);
        assertThat(run.checkpoints()).extracting(CheckpointInput::tokens).containsExactly(20_000_000L, 40_000_000L);
        assertThat(runs.get(0).lines()).containsExactly(2, 4);
    }

    @Test
    void refusesFractionalTokens() {
        parse(HEADER + "f,r1,m,depth,1000,800,0.2,2.3,20.5,2.5\n", "f");

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.column()).isEqualTo("tokens"));
    }

    @Test
    void refusesAHeaderWithUnknownOrMissingColumns() {
        assertThatThrownBy(() -> parse("run_id,base_model,pruning_method,params_before,step,loss\n", "f"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems()).extracting(FieldProblem::column).containsExactlyInAnyOrder("step", "tokens");
                    assertThat(e.problems()).extracting(FieldProblem::line).containsOnly(1);
                });
    }

    @Test
    void stopsAtTheCheckpointLimit() {
        String rows = "f,r1,m,depth,1000,800,0.2,2.3,1,2.5\nf,r1,m,depth,1000,800,0.2,2.3,2,2.5\n";

        assertThatThrownBy(() -> CsvRunsParser.parse(new StringReader(HEADER + rows), "f", 1, problems))
                .isInstanceOf(TooLargeException.class);
    }

    @Test
    void splitsCellsTheRfc4180Way() {
        assertThat(CsvRunsParser.cells("a, \"b,c\" ,\"say \"\"hi\"\"\",")).containsExactly("a", "b,c", "say \"hi\"", "");
        assertThat(CsvRunsParser.cells("a,\"open")).isNull();
    }

    private List<CsvRunsParser.CsvRun> parse(String csv, String family) {
        return CsvRunsParser.parse(new StringReader(csv), family, 1_000_000, problems);
    }
}
