package io.p2law.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import io.p2law.error.ConflictException;
import io.p2law.error.FieldProblem;

/**
 * Whatever a controller does, bad input comes back as a problem naming the field, and a bug as a
 * 500 problem.
 */
class ProblemHandlerTests {

    record Plan(@NotBlank String name, List<Step> steps) {
    }

    record Step(long tokens) {
    }

    record Checked(@NotBlank String name, @Min(1) int size) {
    }

    /** An inner (not static) class: component scanning never picks it up, standalone MockMvc does. */
    @Controller
    @ResponseBody
    class Probe {

        @PostMapping(path = "/plans", consumes = MediaType.APPLICATION_JSON_VALUE)
        Plan plan(@RequestBody Plan plan) {
            return plan;
        }

        @PostMapping(path = "/checked", consumes = MediaType.APPLICATION_JSON_VALUE)
        Checked checked(@Valid @RequestBody Checked checked) {
            return checked;
        }

        @GetMapping("/count")
        int count(@RequestParam int size) {
            return size;
        }

        @GetMapping("/bug")
        String bug() {
            throw new IllegalStateException("internal detail that must not leak");
        }

        @GetMapping("/database-down")
        String databaseDown() {
            throw new org.springframework.jdbc.CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
        }

        @GetMapping("/database-slow")
        String databaseSlow() {
            throw new org.springframework.dao.QueryTimeoutException("canceling statement due to statement timeout");
        }

        @GetMapping("/many")
        String many() {
            List<FieldProblem> problems = new java.util.ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                problems.add(FieldProblem.of("column" + i, "x".repeat(10_000)));
            }
            throw new io.p2law.error.InvalidInputException("y".repeat(100_000), problems);
        }

        @GetMapping("/engine-bug")
        String engineBug() {
            throw new IllegalArgumentException("tokens must be finite and > 0");
        }

        @GetMapping("/refused")
        String refused() {
            throw new ConflictException("Already there.", List.of(FieldProblem.of("name", "taken")));
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Probe())
            .setControllerAdvice(new ProblemHandler(), new ProblemCaps(tools.jackson.databind.json.JsonMapper.builder().build()))
            .setValidator(validator())
            .build();

    @Test
    void namesTheFieldOfAJsonTypeError() throws Exception {
        mvc.perform(post("/plans").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"a\", \"steps\": [{\"tokens\": 1}, {\"tokens\": \"lots\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("steps[1].tokens"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be a whole number"));
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        mvc.perform(post("/plans").contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].reason").exists());
    }

    @Test
    void namesFieldsThatFailBeanValidation() throws Exception {
        mvc.perform(post("/checked").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"\", \"size\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("name", "size")));
    }

    @Test
    void namesMissingAndMistypedParameters() throws Exception {
        mvc.perform(get("/count"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].reason").value("is required"));
        mvc.perform(get("/count").param("size", "ten"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be a whole number, was 'ten'"));
    }

    @Test
    void rendersProblemExceptionsWithTheirErrors() throws Exception {
        mvc.perform(get("/refused"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("Already there."))
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void databaseTroubleIsA503WithRetryAfter() throws Exception {
        for (String path : List.of("/database-down", "/database-slow")) {
            mvc.perform(get(path))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "5"))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void problemsAreCappedInCountAndLength() throws Exception {
        String body = mvc.perform(get("/many"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(ProblemCaps.MAX_ERRORS))
                .andExpect(jsonPath("$.moreErrors").value(5000 - ProblemCaps.MAX_ERRORS))
                .andReturn().getResponse().getContentAsString();

        org.assertj.core.api.Assertions.assertThat(body.length()).isLessThan(64 * 1024);
    }

    @Test
    void aBugIsA500ProblemWithoutInternals() throws Exception {
        mvc.perform(get("/bug"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("internal detail"))));
    }

    /** An engine refusing what got past the request checks is the service's bug, not the client's fault. */
    @Test
    void anIllegalArgumentFromACoreIsA500NotA400() throws Exception {
        mvc.perform(get("/engine-bug"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("An unexpected error occurred; it has been logged."));
    }

    private static LocalValidatorFactoryBean validator() {
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        return validator;
    }
}
