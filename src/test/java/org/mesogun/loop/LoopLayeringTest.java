package org.mesogun.loop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The loop knows the HAL's clock and nothing else of ours: no simulator, no Pi4J, no config. */
class LoopLayeringTest {

    @Test
    void theLoopDependsOnlyOnHalTheJdkAndHdrHistogram() {
        classes().that().resideInAPackage("org.mesogun.loop..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "org.mesogun.loop..", "org.mesogun.hal..", "java..", "org.HdrHistogram..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.mesogun.loop"));
    }
}
