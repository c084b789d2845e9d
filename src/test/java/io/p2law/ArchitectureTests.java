package io.p2law;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

@AnalyzeClasses(packages = "io.p2law", importOptions = DoNotIncludeTests.class)
class ArchitectureTests {

    private static final String ROOT = "io.p2law";

    @ArchTest
    void fittingIsPlainJava(JavaClasses classes) {
        ArchitectureRules.fittingIsPlainJava(ROOT).check(classes);
    }

    @ArchTest
    void decisionsArePlainJava(JavaClasses classes) {
        ArchitectureRules.decisionsArePlainJava(ROOT).check(classes);
    }

    @ArchTest
    void familyIsReachedOnlyThroughItsFacadeAndRecords(JavaClasses classes) {
        ArchitectureRules.reachedOnlyThroughFacadesAndRecords(ROOT, "family").check(classes);
    }

    @ArchTest
    void lawIsReachedOnlyThroughItsFacadesAndRecords(JavaClasses classes) {
        ArchitectureRules.reachedOnlyThroughFacadesAndRecords(ROOT, "law").check(classes);
    }

    @ArchTest
    void controllersDoNotTouchPersistence(JavaClasses classes) {
        ArchitectureRules.controllersDoNotTouchPersistence(ROOT).check(classes);
    }

    @ArchTest
    void featuresAreFreeOfCycles(JavaClasses classes) {
        ArchitectureRules.featuresAreFreeOfCycles(ROOT).check(classes);
    }

    @ArchTest
    void nothingCallsTheEmbeddedDatabase(JavaClasses classes) {
        ArchitectureRules.nothingCallsTheEmbeddedDatabase(ROOT).check(classes);
    }
}
