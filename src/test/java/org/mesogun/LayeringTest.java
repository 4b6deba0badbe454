package org.mesogun;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The source roots hal/, simulator/ and src/ share one Maven build; these rules are what keeps
 * them layers: hal knows nothing of ours, the simulator and the Pi4J binding know only hal, and
 * the controller sees hardware only through hal.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.mesogun");
    }

    @Test
    void halDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("org.mesogun.hal..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.mesogun.hal..", "java..")
                .check(classes);
    }

    @Test
    void simulatorDependsOnlyOnHal() {
        noClasses().that().resideInAPackage("org.mesogun.simulator..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.mesogun.board..", "org.mesogun.controller..", "org.mesogun.config..",
                        "org.mesogun.cli..", "org.mesogun.telemetry..", "org.mesogun.console..",
                        "com.pi4j..")
                .check(classes);
    }

    @Test
    void pi4jBindingDependsOnlyOnHal() {
        noClasses().that().resideInAPackage("org.mesogun.board..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.mesogun.simulator..", "org.mesogun.controller..", "org.mesogun.config..",
                        "org.mesogun.cli..", "org.mesogun.telemetry..", "org.mesogun.console..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void controllerSeesHardwareOnlyThroughHal() {
        noClasses().that().resideInAnyPackage("org.mesogun.controller..", "org.mesogun.telemetry..",
                        "org.mesogun.console..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.mesogun.simulator..", "org.mesogun.board..", "com.pi4j..")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** One way to assemble the gun: run, simulate, bench and the probes all go through app.Gun. */
    @Test
    void onlyTheCompositionRootBuildsAController() {
        noClasses().that().doNotHaveFullyQualifiedName("org.mesogun.app.Gun")
                .and().doNotHaveFullyQualifiedName("org.mesogun.controller.Controller")
                .should().callConstructorWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a Controller constructor", (com.tngtech.archunit.core.domain.JavaConstructorCall c) ->
                                c.getTargetOwner().isEquivalentTo(org.mesogun.controller.Controller.class)))
                .check(classes);
    }

    @Test
    void onlyTheControllersTestSeamSwitchesTheSafetyMonitorOff() {
        noClasses().that().doNotHaveFullyQualifiedName("org.mesogun.controller.Controller")
                .should().callMethod("org.mesogun.controller.safety.SafetyMonitor", "observeOnly",
                        "org.mesogun.controller.Inputs", "org.mesogun.controller.Outputs")
                .check(classes);
    }

    /** The one-check-off seam of the evidence: no main class but the composition root reaches it. */
    @Test
    void onlyTestsSwitchAMonitorCheckOff() {
        noClasses().should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "GunParts.withoutMonitorCheckForTests", (com.tngtech.archunit.core.domain.JavaMethodCall c) ->
                                c.getTarget().getName().equals("withoutMonitorCheckForTests")))
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName("org.mesogun.app.Gun")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "Controller.withoutCheckForTests", (com.tngtech.archunit.core.domain.JavaMethodCall c) ->
                                c.getTarget().getName().equals("withoutCheckForTests")))
                .check(classes);
        noClasses().that().doNotHaveFullyQualifiedName("org.mesogun.controller.Controller")
                .and().doNotHaveFullyQualifiedName("org.mesogun.controller.safety.SafetyMonitor")
                .should().callConstructorWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "the SafetyMonitor constructor with a check off",
                        (com.tngtech.archunit.core.domain.JavaConstructorCall c) ->
                                c.getTargetOwner().isEquivalentTo(
                                        org.mesogun.controller.safety.SafetyMonitor.class)
                                        && c.getTarget().getRawParameterTypes().size() == 4))
                .check(classes);
    }
}
