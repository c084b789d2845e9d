package io.p2law.web;

import java.nio.file.Path;

import org.springframework.test.web.servlet.ResultMatcher;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.mockmvc.OpenApiValidationMatchers;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * MockMvc matchers that hold an exchange to {@code openapi.yaml} (the file at the repository
 * root, the one the service serves). Use {@link #conformsToContract()} for requests a client may
 * send, and {@link #responseConformsToContract()} for tests that send a deliberately invalid
 * request: its answer must still be what the contract promises (usually a problem).
 * <pre>
 * mvc.perform(get("/api/v1/families/x")).andExpect(status().isOk()).andExpect(conformsToContract());
 * </pre>
 */
public final class ContractValidation {

    /** The contract's location; tests run in the repository root. */
    public static final Path CONTRACT = Path.of("openapi.yaml").toAbsolutePath();

    private static final OpenApiInteractionValidator EXCHANGES = validator(false);
    private static final OpenApiInteractionValidator RESPONSES = validator(true);

    private ContractValidation() {
    }

    /** The request and the response both conform to the contract. */
    public static ResultMatcher conformsToContract() {
        return OpenApiValidationMatchers.openApi().isValid(EXCHANGES);
    }

    /** The response conforms to the contract; the request is not checked. */
    public static ResultMatcher responseConformsToContract() {
        return OpenApiValidationMatchers.openApi().isValid(RESPONSES);
    }

    private static OpenApiInteractionValidator validator(boolean responsesOnly) {
        OpenApiInteractionValidator.Builder builder =
                OpenApiInteractionValidator.createForSpecificationUrl(CONTRACT.toUri().toString());
        if (responsesOnly) {
            builder.withLevelResolver(new LevelResolver.Builder()
                    .withLevel("validation.request", ValidationReport.Level.IGNORE).build());
        }
        return builder.build();
    }
}
