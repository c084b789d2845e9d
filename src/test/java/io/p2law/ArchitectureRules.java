package io.p2law;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries of p2law as ArchUnit rules over a root package, so that the same rules
 * check the application ({@code io.p2law}) and, in {@code ArchitectureRulesTests}, fixtures that
 * break each of them.
 */
final class ArchitectureRules {

    private static final Set<String> FEATURES = Set.of("fitting", "family", "law", "decision");

    private ArchitectureRules() {
    }

    /** The fitting engine is plain Java: no framework and no other p2law module. */
    static ArchRule fittingIsPlainJava(String root) {
        return noClasses().that().resideInAPackage(root + ".fitting..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..")
                .orShould().dependOnClassesThat(resideInAPackage(root + "..").and(not(resideInAPackage(root + ".fitting.."))))
                .as("the fitting engine depends on nothing from Spring, Jakarta or other p2law modules");
    }

    /** The decision core is plain Java too: it uses the fitting engine and nothing else of p2law. */
    static ArchRule decisionsArePlainJava(String root) {
        return noClasses().that().resideInAPackage(root + ".decision..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..")
                .orShould().dependOnClassesThat(resideInAPackage(root + "..")
                        .and(not(resideInAnyPackage(root + ".decision..", root + ".fitting.."))))
                .as("the decision core depends on nothing from Spring, Jakarta or p2law modules other than fitting");
    }

    /**
     * Other modules see a module only through its facades and values: interfaces, records, enums and
     * exceptions. Its classes (services, repositories, controllers, caches) stay its own.
     */
    static ArchRule reachedOnlyThroughFacadesAndRecords(String root, String module) {
        String inside = root + "." + module + "..";
        return noClasses().that().resideOutsideOfPackage(inside)
                .should().dependOnClassesThat(resideInAPackage(inside).and(not(facadeOrValue())))
                .as("other modules use " + module + " only through its interfaces, records, enums and exceptions");
    }

    /** Controllers stay thin: persistence is reached through services. */
    static ArchRule controllersDoNotTouchPersistence(String root) {
        return noClasses().that().resideInAPackage(root + "..").and(controllers())
                .should().dependOnClassesThat(repositories())
                .orShould().dependOnClassesThat().belongToAnyOf(JdbcClient.class, JdbcTemplate.class,
                        NamedParameterJdbcTemplate.class, DataSource.class)
                .as("controllers use no repositories and no JDBC directly")
                // The controllers arrive with the feature modules; until then there is nothing to check.
                .allowEmptyShould(true);
    }

    /** fitting, family and law depend on each other in one direction only. */
    static ArchRule featuresAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..")
                .that(describe("are feature modules " + FEATURES, slice -> FEATURES.contains(slice.getNamePart(1))))
                .should().beFreeOfCycles();
    }

    /** The embedded database is infrastructure wired by auto-configuration, never called by a feature. */
    static ArchRule nothingCallsTheEmbeddedDatabase(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".database..")
                .should().dependOnClassesThat().resideInAPackage(root + ".database..")
                .as("no module depends on the embedded database");
    }

    /**
     * HTTP is decided at the edge: only web packages ({@code ..web..}) and controllers use the shared
     * {@code web} package or Spring's HTTP types; cores throw domain exceptions instead.
     */
    static ArchRule httpStaysAtTheEdge(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage("..web..")
                .and(not(controllers()))
                .should().dependOnClassesThat().resideInAnyPackage(root + ".web..", "org.springframework.http..")
                .as("only web packages and controllers use " + root + ".web or org.springframework.http");
    }

    /** A module's {@code internal} package is its own: other modules use its API package instead. */
    static ArchRule internalsStayInsideTheirModule(String root, String module) {
        String inside = root + "." + module + "..";
        return noClasses().that().resideOutsideOfPackage(inside)
                .should().dependOnClassesThat().resideInAPackage(root + "." + module + ".internal..")
                .as("nothing outside " + module + " uses " + module + ".internal")
                .allowEmptyShould(true);
    }

    private static DescribedPredicate<JavaClass> facadeOrValue() {
        return describe("an interface, record, enum or exception", type -> type.isInterface() || type.isRecord()
                || type.isEnum() || type.isAssignableTo(Throwable.class));
    }

    private static DescribedPredicate<JavaClass> controllers() {
        return describe("are controllers", type -> type.isAnnotatedWith(RestController.class)
                || type.isAnnotatedWith(Controller.class) || type.getSimpleName().endsWith("Controller"));
    }

    private static DescribedPredicate<JavaClass> repositories() {
        return describe("are repositories", type -> type.isAnnotatedWith(Repository.class)
                || type.getSimpleName().endsWith("Repository"));
    }
}
