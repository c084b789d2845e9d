package io.p2law;

import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.p2law", importOptions = DoNotIncludeTests.class)
class ArchitectureTests {

    private static final String ROOT = "io.p2law";

    @ArchTest
    static final ArchRule fittingIsPlainJava = ArchitectureRules.fittingIsPlainJava(ROOT);

    @ArchTest
    static final ArchRule decisionsArePlainJava = ArchitectureRules.decisionsArePlainJava(ROOT);

    @ArchTest
    static final ArchRule familyIsReachedOnlyThroughItsFacadeAndRecords =
            ArchitectureRules.reachedOnlyThroughFacadesAndRecords(ROOT, "family");

    @ArchTest
    static final ArchRule lawIsReachedOnlyThroughItsFacadesAndRecords =
            ArchitectureRules.reachedOnlyThroughFacadesAndRecords(ROOT, "law");

    @ArchTest
    static final ArchRule controllersDoNotTouchPersistence = ArchitectureRules.controllersDoNotTouchPersistence(ROOT);

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = ArchitectureRules.featuresAreFreeOfCycles(ROOT);

    @ArchTest
    static final ArchRule nothingCallsTheEmbeddedDatabase = ArchitectureRules.nothingCallsTheEmbeddedDatabase(ROOT);

    @ArchTest
    static final ArchRule httpStaysAtTheEdge = ArchitectureRules.httpStaysAtTheEdge(ROOT);

    @ArchTest
    static final ArchRule familyInternalsStayInTheFamilyModule =
            ArchitectureRules.internalsStayInsideTheirModule(ROOT, "family");

    @ArchTest
    static final ArchRule lawInternalsStayInTheLawModule = ArchitectureRules.internalsStayInsideTheirModule(ROOT, "law");
}
