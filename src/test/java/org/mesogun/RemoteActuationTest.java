package org.mesogun;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mesogun.config.AccountStore;
import org.mesogun.config.CalibrationStore;
import org.mesogun.controller.Controller;
import org.mesogun.controller.InjectionMachine;
import org.mesogun.controller.safety.SafetyMonitor;

/**
 * SR-12, structurally: nothing received over the network fires, moves, or changes limits,
 * settings or calibration. The telemetry package (requirements §7) may read state and publish it; it may
 * not reach the hardware, tick or make safe the controller, preset the state machine, raise,
 * acknowledge or begin anything in the safety monitor, save a calibration or change an account.
 *
 * <p>The telemetry package is still empty, so the rules allow an empty match; a fixture package
 * that does every forbidden thing shows the rules can fail. The telemetry issue adds the
 * behavioural test (a broker publishing commands to every topic: nothing moves or fires, no
 * setting changes).
 */
class RemoteActuationTest {

    private static final Map<Class<?>, Set<String>> FORBIDDEN = Map.of(
            Controller.class, Set.of("tick", "makeSafe", "shutdown"),
            InjectionMachine.class, Set.of("presetDepthAndDose", "presetProtocol", "presetLot", "step"),
            SafetyMonitor.class, Set.of("raise", "acknowledge", "beginSession", "endSession", "syringeLoaded",
                    "check", "observeOnly"),
            CalibrationStore.class, Set.of("save"),
            AccountStore.class, Set.of("add", "delete", "setPin"));

    private static final DescribedPredicate<JavaMethodCall> ACTUATION =
            DescribedPredicate.describe("an actuation or a settings change " + FORBIDDEN,
                    call -> FORBIDDEN.entrySet().stream().anyMatch(e ->
                            call.getTargetOwner().isAssignableTo(e.getKey())
                                    && e.getValue().contains(call.getName())));

    private static List<ArchRule> rules(String pkg) {
        return List.of(
                noClasses().that().resideInAPackage(pkg)
                        .should().dependOnClassesThat().resideInAPackage("org.mesogun.hal..")
                        .allowEmptyShould(true),
                noClasses().that().resideInAPackage(pkg)
                        .should().callMethodWhere(ACTUATION)
                        .allowEmptyShould(true));
    }

    @Test
    @Verifies("SR-12")
    void telemetryCannotActuateOrChangeSettings() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.mesogun");
        for (ArchRule rule : rules("org.mesogun.telemetry..")) {
            rule.check(main);
        }
    }

    @Test
    @Verifies("SR-12")
    void theRulesFindEveryForbiddenCallInAStandIn() {
        JavaClasses fixture = new ClassFileImporter().importPackages("org.mesogun.remotefixture");
        List<ArchRule> rules = rules("org.mesogun.remotefixture..");
        EvaluationResult hal = rules.get(0).evaluate(fixture);
        assertTrue(hal.hasViolation(), "the hardware dependency is found");
        EvaluationResult calls = rules.get(1).evaluate(fixture);
        assertTrue(calls.hasViolation());
        String report = String.join("\n", calls.getFailureReport().getDetails());
        for (String m : List.of("Controller.tick", "Controller.makeSafe", "InjectionMachine.presetDepthAndDose",
                "SafetyMonitor.acknowledge", "SafetyMonitor.raise", "SafetyMonitor.beginSession",
                "CalibrationStore.save", "AccountStore.add")) {
            assertTrue(report.contains(m), () -> m + " not reported in:\n" + report);
        }
        assertFalse(report.contains("DoseValve.shut"), "reads and safe calls are not actuation by this rule");
    }
}
