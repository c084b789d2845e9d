package io.p2law.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.p2law.support.IntegrationTest;

/** The CI script is served as it is in the repository, with an ETag. */
@IntegrationTest
@AutoConfigureMockMvc
class ScriptControllerTests {

    @Autowired
    MockMvc mvc;

    @Test
    void theBudgetCheckScriptIsServedAsInTheRepository() throws Exception {
        MvcResult result = mvc.perform(get("/scripts/budget-check.sh"))
                .andExpect(status().isOk()).andExpect(ContractValidation.conformsToContract()).andReturn();

        assertThat(result.getResponse().getContentType()).startsWith("text/x-shellscript");
        assertThat(result.getResponse().getContentAsByteArray())
                .isEqualTo(Files.readAllBytes(Path.of("scripts/budget-check.sh")));
        String etag = result.getResponse().getHeader("ETag");
        assertThat(etag).isNotBlank();

        mvc.perform(get("/scripts/budget-check.sh").header("If-None-Match", etag))
                .andExpect(status().isNotModified()).andExpect(ContractValidation.conformsToContract());
    }

    @Test
    void theDashboardIsTheHomePage() throws Exception {
        MvcResult result = mvc.perform(get("/")).andExpect(status().isOk()).andReturn();
        // Spring's welcome page forwards / to the packaged index.html
        String page = result.getResponse().getForwardedUrl() != null
                ? mvc.perform(get("/" + result.getResponse().getForwardedUrl().replaceFirst("^/", "")))
                        .andReturn().getResponse().getContentAsString()
                : result.getResponse().getContentAsString();
        assertThat(page).contains("<title>p2law</title>", "dashboard.js", "dashboard.css").doesNotContain("http://", "https://");
    }
}
