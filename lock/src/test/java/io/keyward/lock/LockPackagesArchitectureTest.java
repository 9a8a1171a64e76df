package io.keyward.lock;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * docs/lock.md, "Packages": the lock's packages form a one-way graph (issue 16 item 4). The core and
 * the hardware ports sit at the bottom; the simulations, the shell, storage, panel, link and CLI
 * build on them, never the other way. LockCoreArchitectureTest keeps the core pure; this keeps the
 * borders between the packages.
 */
class LockPackagesArchitectureTest {

    private static final JavaClasses LOCK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keyward.lock");

    @Test
    @DisplayName("no cycles among the lock's packages")
    void packagesFormNoCycle() {
        slices().matching("io.keyward.lock.(*)..").should().beFreeOfCycles().check(LOCK);
    }

    @Test
    @DisplayName("the core depends on no lock package but the hardware ports and the prompts")
    void coreSeesOnlyPortsAndPrompts() {
        // a whitelist, so a new package (a simulation, a driver) is outside the core's reach by default
        noClasses().that().resideInAPackage("io.keyward.lock.core..")
                .should().dependOnClassesThat(resideInAPackage("io.keyward.lock..")
                        .and(not(resideInAnyPackage("io.keyward.lock.core..", "io.keyward.lock.hardware..",
                                "io.keyward.lock.prompts.."))))
                .check(LOCK);
    }

    @Test
    @DisplayName("the hardware ports and what they hand over depend on no lock package but the prompts")
    void portsSeeOnlyPrompts() {
        // the capture types live with the ports: a port that reached into a simulation (or the core)
        // would bring back the cycle core -> face -> sim -> core
        noClasses().that().resideInAPackage("io.keyward.lock.hardware..")
                .should().dependOnClassesThat(resideInAPackage("io.keyward.lock..")
                        .and(not(resideInAnyPackage("io.keyward.lock.hardware..", "io.keyward.lock.prompts.."))))
                .check(LOCK);
    }

    @Test
    @DisplayName("only the shell and the CLI wire the lock: nothing else reaches the shell")
    void onlyTheOuterLayersSeeTheShell() {
        // link and cli drive a SimulatedLock; the panel sees it through its own port (panel.PanelPort)
        noClasses().that().resideInAnyPackage("io.keyward.lock.core..", "io.keyward.lock.hardware..",
                        "io.keyward.lock.sim..", "io.keyward.lock.storage..", "io.keyward.lock.panel..",
                        "io.keyward.lock.prompts..", "io.keyward.lock.camera..", "io.keyward.lock.biometrics..",
                        "io.keyward.lock.bluetooth..")
                .should().dependOnClassesThat().resideInAnyPackage("io.keyward.lock.shell..", "io.keyward.lock.cli..",
                        "io.keyward.lock.link..")
                .check(LOCK);
    }
}
