package io.p2law;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

import io.p2law.architecture.fixtures.family.FamilyView;
import io.p2law.architecture.fixtures.family.web.FamilyEndpoint;

/** Every architecture rule fails on the fixture that breaks it, naming the culprit. */
class ArchitectureRulesTests {

    private static final String FIXTURES = "io.p2law.architecture.fixtures";

    private static final JavaClasses classes = new ClassFileImporter().importPackages(FIXTURES);

    private static void assertViolatedBy(ArchRule rule, String... culprits) {
        var failure = assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class);
        for (String culprit : culprits) {
            failure.hasMessageContaining(FIXTURES + "." + culprit);
        }
    }

    @Test
    void fittingMayNotUseSpringJakartaOrOtherModules() {
        assertViolatedBy(ArchitectureRules.fittingIsPlainJava(FIXTURES),
                "fitting.SpringAwareFit", "fitting.JakartaAwareFit", "fitting.FamilyAwareFit");
    }

    @Test
    void decisionsMayNotUseSpringOrModulesOtherThanFitting() {
        assertViolatedBy(ArchitectureRules.decisionsArePlainJava(FIXTURES), "decision.SpringAwarePlan",
                "decision.LawAwarePlan");
    }

    @Test
    void otherModulesMayNotUseAModulesClasses() {
        assertViolatedBy(ArchitectureRules.reachedOnlyThroughFacadesAndRecords(FIXTURES, "family"),
                "law.LawCache");
        assertViolatedBy(ArchitectureRules.reachedOnlyThroughFacadesAndRecords(FIXTURES, "law"),
                "family.FamilyStore");
    }

    @Test
    void recordsOfAModuleAreOpenToOthers() {
        ArchRule familyRule = ArchitectureRules.reachedOnlyThroughFacadesAndRecords(FIXTURES, "family");

        assertThatCode(() -> familyRule.check(new ClassFileImporter().importClasses(
                io.p2law.architecture.fixtures.law.LawController.class,
                io.p2law.architecture.fixtures.fitting.FamilyAwareFit.class,
                io.p2law.architecture.fixtures.family.FamilyView.class))).doesNotThrowAnyException();
    }

    @Test
    void controllersMayNotUseRepositories() {
        assertViolatedBy(ArchitectureRules.controllersDoNotTouchPersistence(FIXTURES), "law.LawController");
    }

    @Test
    void featureModulesMayNotDependOnEachOtherBothWays() {
        assertViolatedBy(ArchitectureRules.featuresAreFreeOfCycles(FIXTURES), "law.LawCache", "family.FamilyStore");
    }

    @Test
    void noModuleMayCallTheEmbeddedDatabase() {
        assertViolatedBy(ArchitectureRules.nothingCallsTheEmbeddedDatabase(FIXTURES), "law.ServerAwareLaw");
    }

    @Test
    void onlyWebPackagesAndControllersMayUseHttp() {
        assertViolatedBy(ArchitectureRules.httpStaysAtTheEdge(FIXTURES), "law.StatusAwareLaw", "law.ProblemAwareLaw");
        assertHolds(ArchitectureRules.httpStaysAtTheEdge(FIXTURES), FamilyEndpoint.class, FamilyView.class);
    }

    @Test
    void otherModulesMayNotUseAModulesInternals() {
        assertViolatedBy(ArchitectureRules.internalsStayInsideTheirModule(FIXTURES, "family"), "law.LedgerAwareLaw");
        assertHolds(ArchitectureRules.internalsStayInsideTheirModule(FIXTURES, "family"), FamilyEndpoint.class);
    }

    private static void assertHolds(ArchRule rule, Class<?>... classes) {
        assertThatCode(() -> rule.check(new ClassFileImporter().importClasses(classes))).doesNotThrowAnyException();
    }
}
