package io.p2law.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.p2law.support.IntegrationTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;

/**
 * The running application and the contract describe the same operations. Looks at every request
 * mapping of the started application, so endpoints added later are covered without touching
 * this test; only the framework's own (actuator, Swagger UI, the error page) are left out.
 */
@IntegrationTest
class ContractCoverageTests {

    private static final Set<String> FRAMEWORK_PATHS = Set.of("/actuator", "/swagger-ui", "/v3/api-docs", "/error");

    @Autowired
    ApplicationContext context;

    @Test
    void everyServedOperationIsInTheContract() {
        assertThat(contractOperations()).containsAll(servedOperations());
    }

    @Test
    void everyOperationOfTheContractIsServed() {
        assertThat(servedOperations()).containsAll(contractOperations());
    }

    @Test
    void theContractIsValidOpenApi() {
        var result = new OpenAPIV3Parser().readLocation(ContractValidation.CONTRACT.toUri().toString(), null, null);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
    }

    private Set<String> servedOperations() {
        Set<String> operations = new TreeSet<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().forEach((info, handler) -> {
                    if (!isFramework(handler)) {
                        addOperations(info, operations);
                    }
                }));
        assertThat(operations).as("the application serves operations of its own").isNotEmpty();
        return operations;
    }

    private static void addOperations(RequestMappingInfo info, Set<String> operations) {
        for (String pattern : info.getPatternValues()) {
            String path = pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}");
            if (FRAMEWORK_PATHS.stream().anyMatch(path::startsWith)) {
                continue;
            }
            var methods = info.getMethodsCondition().getMethods();
            assertThat(methods).as("%s names its HTTP methods", path).isNotEmpty();
            methods.forEach(method -> operations.add(method.name() + " " + path));
        }
    }

    private static boolean isFramework(HandlerMethod handler) {
        String name = handler.getBeanType().getName();
        return name.startsWith("org.springframework.") || name.startsWith("org.springdoc.");
    }

    private static Set<String> contractOperations() {
        OpenAPI contract = new OpenAPIV3Parser().read(ContractValidation.CONTRACT.toUri().toString());
        Set<String> operations = new TreeSet<>();
        contract.getPaths().forEach((path, item) ->
                item.readOperationsMap().keySet().forEach(method -> operations.add(method.name() + " " + path)));
        return operations;
    }
}
