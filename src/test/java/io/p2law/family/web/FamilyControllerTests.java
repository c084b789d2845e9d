package io.p2law.family.web;

import static io.p2law.web.ContractValidation.conformsToContract;
import static io.p2law.web.ContractValidation.responseConformsToContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.p2law.error.FieldProblem;
import io.p2law.support.TestApiKey;
import tools.jackson.databind.node.JsonNodeFactory;
import io.p2law.error.ConflictException;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.internal.AppendResult;
import io.p2law.family.internal.Checkpoint;
import io.p2law.family.internal.FamilyDetails;
import io.p2law.family.internal.FamilyList;
import io.p2law.family.internal.FamilyService;
import io.p2law.family.internal.FamilyView;
import io.p2law.family.internal.NewRun;
import io.p2law.family.internal.RunPage;
import io.p2law.family.internal.RunSummary;
import io.p2law.family.internal.RunView;
import io.p2law.family.internal.Tagged;
import io.p2law.family.internal.UploadResult;
import io.p2law.family.internal.Versioned;
@WebMvcTest(FamilyController.class)
@Import({UploadReader.class, StrictJson.class, JsonRunsFormat.class, CsvRunsFormat.class, ImportReader.class,
        TrainerStateFormat.class, WandbCsvFormat.class, MlflowCsvFormat.class, TestApiKey.InWebSlice.class})
@TestPropertySource(properties = {"p2law.upload.max-bytes=2KB", "p2law.upload.max-checkpoints=4"})
class FamilyControllerTests {

    private static final Instant AT = Instant.parse("2026-11-24T15:00:00Z");
    private static final String FAMILIES = "/api/v1/families";
    private static final String RUN_JSON = """
            {"runId": "r1", "baseModel": "llama-3.2-1b", "pruningMethod": "depth", "paramsBefore": 1000,
             "pruningRate": 0.25, "lossBefore": 2.35, "tags": {"seed": 1},
             "checkpoints": [{"tokens": 20, "loss": 2.5}, {"tokens": 0, "loss": 3.1}]}
            """;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    FamilyService service;

    @Test
    void showsAFamilyWithItsDataVersionAndETag() throws Exception {
        given(service.family("llama3-depth")).willReturn(new Versioned<>(family(3), 3, "\"1.3.5\"", false));

        mvc.perform(get(FAMILIES + "/llama3-depth"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"1.3.5\""))
                .andExpect(header().string("P2law-Data-Version", "3"))
                .andExpect(jsonPath("$.runCount").value(9))
                .andExpect(jsonPath("$.checkpointCount").value(450))
                .andExpect(conformsToContract());
    }

    @Test
    void answersAMatchingIfNoneMatchWith304() throws Exception {
        given(service.family("llama3-depth")).willReturn(new Versioned<>(family(3), 3, "\"1.3.5\"", false));

        mvc.perform(get(FAMILIES + "/llama3-depth").header("If-None-Match", "\"1.3.5\""))
                .andExpect(status().isNotModified())
                .andExpect(content().string(""))
                .andExpect(conformsToContract());
    }

    @Test
    void listsFamilies() throws Exception {
        given(service.families()).willReturn(new Tagged<>(new FamilyList(List.of(family(1))), "\"abc\""));

        mvc.perform(get(FAMILIES))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.families[0].slug").value("llama3-depth"))
                .andExpect(conformsToContract());
    }

    @Test
    void anUnknownFamilyIsAProblem404() throws Exception {
        given(service.family("nope")).willThrow(new UnknownFamilyException("nope"));

        mvc.perform(get(FAMILIES + "/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("No family \"nope\"."))
                .andExpect(conformsToContract());
    }

    @Test
    void createsAFamilyWithPut() throws Exception {
        given(service.putFamily(eq("llama3-depth"), any())).willReturn(new Versioned<>(family(0), 0, "\"1.0.1\"", true));

        mvc.perform(put(FAMILIES + "/llama3-depth").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\": \"Llama 3 depth\", \"pruningMethod\": \"depth\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/families/llama3-depth"))
                .andExpect(conformsToContract());
        verify(service).putFamily("llama3-depth", new FamilyDetails("Llama 3 depth", null, "depth"));
    }

    @Test
    void uploadsJsonRunsDerivingParamsAfter() throws Exception {
        given(service.uploadRuns(eq("llama3-depth"), anyList()))
                .willReturn(new Versioned<>(new UploadResult("llama3-depth", 4, false, 1, 0, 2), 4, "\"x\"", false));

        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"runs\": [" + RUN_JSON + "]}"))
                .andExpect(status().isOk())
                .andExpect(header().string("P2law-Data-Version", "4"))
                .andExpect(jsonPath("$.runsCreated").value(1))
                .andExpect(conformsToContract());

        NewRun run = uploaded().get(0);
        assertThat(run.run().model().paramsAfter()).isEqualTo(750);
        assertThat(run.run().tokens()).containsExactly(0, 20);
        assertThat(run.run().losses()).containsExactly(3.1, 2.5);
        assertThat(run.tags().get("seed").asInt()).isEqualTo(1);
    }

    @Test
    void readsWholeNumbersWrittenWithAnExponent() throws Exception {
        given(service.uploadRuns(eq("llama3-depth"), anyList()))
                .willReturn(new Versioned<>(new UploadResult("llama3-depth", 4, false, 1, 0, 2), 4, "\"x\"", false));

        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"runs\": [" + RUN_JSON.replace("1000", "1e3").replace("\"tokens\": 20,", "\"tokens\": 2.0e1,")
                                + "]}"))
                .andExpect(status().isOk())
                // the contract's validator reads 1e3 as not an integer; JSON and the service do
                .andExpect(responseConformsToContract());

        NewRun run = uploaded().get(0);
        assertThat(run.run().model().paramsBefore()).isEqualTo(1000);
        assertThat(run.run().tokens()).containsExactly(0, 20);
    }

    @Test
    void refusesAFractionWhereAWholeNumberBelongs() throws Exception {
        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"runs\": [" + RUN_JSON.replace("\"tokens\": 20,", "\"tokens\": 20.5,") + "]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("runs[0].checkpoints[0].tokens"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be a whole number"))
                .andExpect(responseConformsToContract());
        verify(service, never()).uploadRuns(any(), anyList());
    }

    @Test
    void uploadsCsvRuns() throws Exception {
        given(service.uploadRuns(eq("llama3-depth"), anyList()))
                .willReturn(new Versioned<>(new UploadResult("llama3-depth", 1, true, 1, 0, 2), 1, "\"x\"", true));

        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType("text/csv").content("""
                        run_id,base_model,pruning_method,params_before,params_after,tokens,loss
                        r1,llama-3.2-1b,depth,1000,800,20,2.5
                        r1,llama-3.2-1b,depth,1000,800,40,2.4
                        """))
                .andExpect(status().isOk())
                .andExpect(conformsToContract());

        NewRun run = uploaded().get(0);
        assertThat(run.run().model().pruningRate()).isEqualTo(0.2);
        assertThat(run.run().model().lossBefore()).isNull();
    }

    @Test
    void namesEveryInvalidFieldOfAJsonUploadAndStoresNothing() throws Exception {
        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"runs": [{"runId": "r1", "pruningMethod": "depth", "paramsBefore": 1000, "pruningRate": 1.0,
                                   "checkpoints": [{"tokens": -1, "loss": 2.5}, {"tokens": 5, "loss": 0}]}]}
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "runs[0].baseModel", "runs[0].pruningRate", "runs[0].checkpoints[0].tokens",
                        "runs[0].checkpoints[1].loss")))
                .andExpect(responseConformsToContract());
        verify(service, never()).uploadRuns(any(), anyList());
    }

    @Test
    void refusesNulAndControlCharactersInEveryFreeTextFieldNamingIt() throws Exception {
        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"runs": [{"runId": "r1", "baseModel": "m\\u0000", "pruningMethod": "de\\u0007pth",
                                   "paramsBefore": 1000, "pruningRate": 0.25,
                                   "tags": {"seed\\u0000": 1, "note": "a\\u0000b", "list": ["\\ud800"]},
                                   "checkpoints": [{"tokens": 1, "loss": 2.5}]}]}
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "runs[0].baseModel", "runs[0].pruningMethod", "runs[0].tags", "runs[0].tags.note",
                        "runs[0].tags.list[0]")))
                .andExpect(responseConformsToContract());
        mvc.perform(put(FAMILIES + "/llama3-depth").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"displayName\": \"a\\u0000\", \"description\": \"ok\\nfine\", \"pruningMethod\": \"\\u001b[31m\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "displayName", "pruningMethod")))
                .andExpect(responseConformsToContract());
        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType("text/csv").content(
                        "family,run_id,base_model,pruning_method,params_before,pruning_rate,tokens,loss\n"
                                + "llama3-depth,r1,m\u0000,depth,1000,0.25,10,2.5\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].column").value("base_model"))
                .andExpect(responseConformsToContract());
        verify(service, never()).uploadRuns(any(), anyList());
        verify(service, never()).putFamily(any(), any());
    }

    @Test
    void namesAJsonTypeError() throws Exception {
        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"runs\": [{\"runId\": \"r1\", \"checkpoints\": [{\"tokens\": \"many\"}]}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("runs[0].checkpoints[0].tokens"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be a whole number"))
                .andExpect(responseConformsToContract());
    }

    @Test
    void namesTheCsvLineAndColumn() throws Exception {
        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType("text/csv").content("""
                        run_id,base_model,pruning_method,params_before,pruning_rate,tokens,loss
                        r1,m,depth,1000,0.2,20,2.5
                        r1,m,depth,1000,0.2,40,-2.4
                        """))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].line").value(3))
                .andExpect(jsonPath("$.errors[0].column").value("loss"))
                .andExpect(responseConformsToContract());
    }

    @Test
    void refusesOtherMediaTypesWith415() throws Exception {
        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType(MediaType.APPLICATION_XML).content("<runs/>"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(responseConformsToContract());
    }

    @Test
    void refusesABodyOverTheByteLimitWith413() throws Exception {
        String big = "{\"runs\": [" + RUN_JSON + "], \"padding\": \"" + "x".repeat(3000) + "\"}";
        mvc.perform(post(FAMILIES + "/llama3-depth/runs").contentType(MediaType.APPLICATION_JSON).content(big))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(responseConformsToContract());
    }

    @Test
    void refusesMoreCheckpointsThanTheLimitWith413() throws Exception {
        mvc.perform(post(FAMILIES + "/llama3-depth/runs/r1/checkpoints").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"checkpoints\": [{\"tokens\": 1, \"loss\": 2}, {\"tokens\": 2, \"loss\": 2},"
                                + " {\"tokens\": 3, \"loss\": 2}, {\"tokens\": 4, \"loss\": 2}, {\"tokens\": 5, \"loss\": 2}]}"))
                .andExpect(status().isContentTooLarge())
                .andExpect(responseConformsToContract());
        verify(service, never()).append(any(), any(), anyList(), anyBoolean());
    }

    @Test
    void unsupportedMethodsAndAcceptsAreProblemsToo() throws Exception {
        mvc.perform(patch(FAMILIES + "/llama3-depth"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get(FAMILIES).accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void pagesAreAtMost1000Runs() throws Exception {
        mvc.perform(get(FAMILIES + "/llama3-depth/runs").param("size", "1001"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(responseConformsToContract());
        mvc.perform(get(FAMILIES + "/llama3-depth/runs").param("page", "first"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("page"))
                .andExpect(responseConformsToContract());
    }

    @Test
    void listsAPageOfRuns() throws Exception {
        given(service.runs("llama3-depth", 0, 2)).willReturn(new Versioned<>(
                new RunPage("llama3-depth", 3, 0, 2, 9, 5, List.of(summary())), 3, "\"1.3.5\"", false));

        mvc.perform(get(FAMILIES + "/llama3-depth/runs").param("page", "0").param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalPages").value(5))
                .andExpect(conformsToContract());
    }

    @Test
    void putsOneRunWhoseIdComesFromThePath() throws Exception {
        given(service.putRun(eq("llama3-depth"), any())).willAnswer(call -> new Versioned<>(
                new RunView(summary(), List.of(new Checkpoint(20, 2.5))), 2, "\"x\"", true));

        mvc.perform(put(FAMILIES + "/llama3-depth/runs/r1").contentType(MediaType.APPLICATION_JSON)
                        .content(RUN_JSON.replace("\"runId\": \"r1\", ", "")))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/families/llama3-depth/runs/r1"))
                .andExpect(conformsToContract());
        ArgumentCaptor<NewRun> run = ArgumentCaptor.forClass(NewRun.class);
        verify(service).putRun(eq("llama3-depth"), run.capture());
        assertThat(run.getValue().run().runId()).isEqualTo("r1");
    }

    @Test
    void refusesARunIdThatContradictsThePath() throws Exception {
        mvc.perform(put(FAMILIES + "/llama3-depth/runs/r2").contentType(MediaType.APPLICATION_JSON).content(RUN_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("runId"))
                .andExpect(responseConformsToContract());
    }

    @Test
    void showsARun() throws Exception {
        given(service.run("llama3-depth", "r1")).willReturn(new Versioned<>(
                new RunView(summary(), List.of(new Checkpoint(0, 3.1), new Checkpoint(20, 2.5))), 3, "\"1.3.5\"", false));

        mvc.perform(get(FAMILIES + "/llama3-depth/runs/r1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.checkpoints[1].tokens").value(20))
                .andExpect(header().exists("ETag"))
                .andExpect(conformsToContract());
    }

    @Test
    void deletesARunAndTellsTheNewDataVersion() throws Exception {
        given(service.deleteRun("llama3-depth", "r1")).willReturn(7L);

        mvc.perform(delete(FAMILIES + "/llama3-depth/runs/r1"))
                .andExpect(status().isNoContent())
                .andExpect(header().string("P2law-Data-Version", "7"))
                .andExpect(conformsToContract());
    }

    @Test
    void deletesAFamily() throws Exception {
        mvc.perform(delete(FAMILIES + "/llama3-depth")).andExpect(status().isNoContent()).andExpect(conformsToContract());
        verify(service).deleteFamily("llama3-depth");
    }

    @Test
    void appendsCheckpointsAndReportsConflicts() throws Exception {
        given(service.append(eq("llama3-depth"), eq("r1"), anyList(), eq(false))).willThrow(new ConflictException(
                "Checkpoints conflict.", List.of(FieldProblem.of("checkpoints[0].loss", "the run has loss 2.5"))));
        given(service.append(eq("llama3-depth"), eq("r1"), anyList(), eq(true))).willReturn(new Versioned<>(
                new AppendResult("llama3-depth", "r1", 5, 0, 1, 0, 2), 5, "\"x\"", false));
        String body = "{\"checkpoints\": [{\"tokens\": 20, \"loss\": 2.6}]}";

        mvc.perform(post(FAMILIES + "/llama3-depth/runs/r1/checkpoints").contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors[0].field").value("checkpoints[0].loss"))
                .andExpect(conformsToContract());
        mvc.perform(post(FAMILIES + "/llama3-depth/runs/r1/checkpoints").param("replace", "true")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replaced").value(1))
                .andExpect(conformsToContract());
    }

    @SuppressWarnings("unchecked")
    private List<NewRun> uploaded() {
        ArgumentCaptor<List<NewRun>> runs = ArgumentCaptor.forClass(List.class);
        verify(service).uploadRuns(eq("llama3-depth"), runs.capture());
        return runs.getValue();
    }

    private static FamilyView family(long dataVersion) {
        return new FamilyView("llama3-depth", "Llama 3 depth", null, "depth", dataVersion, 9, 450, AT, AT);
    }

    private static RunSummary summary() {
        return new RunSummary("r1", "llama-3.2-1b", "depth", 1000, 750, 0.25, null,
                JsonNodeFactory.instance.objectNode(), 2, AT, AT);
    }
}
