package org.apical;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the house, checked on the compiled classes: packages by feature without cycles, a core (the frame,
 * the stage and source interfaces, the ring and its wiring) that depends on no feature, and a command line that
 * nothing depends on. docs/architecture.md describes each package.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importShippedClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.apical");
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.apical.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingButTheCommandLineDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("org.apical.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.apical.cli..").check(classes);
    }

    @Test
    void theCoreDependsOnNoFeature() {
        // stream: the LSL stream-info model (one for lsl and xdf), which the core's StreamDescription wraps
        noClasses().that().resideInAPackage("org.apical.core..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.apical..")
                        .and(JavaClass.Predicates.resideOutsideOfPackages("org.apical.core..", "org.apical.stream..")))
                .check(classes);
        noClasses().that().resideInAPackage("org.apical.stream..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.apical..")
                        .and(JavaClass.Predicates.resideOutsideOfPackage("org.apical.stream..")))
                .check(classes);
    }
}
