package io.keyward.lock.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** docs/lock.md, "Shape": the lock core is pure — no threads, sockets, files or clocks of its own inside. */
class LockCoreArchitectureTest {

    private static final JavaClasses LOCK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keyward.lock");

    @Test
    @DisplayName("the core uses no threads, sockets, files or system clock")
    void coreIsPure() {
        noClasses().that().resideInAPackage("io.keyward.lock.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.nio.channels..", "java.net..",
                        "java.util.concurrent..", "com.sun.net..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(LOCK);
    }

    @Test
    @DisplayName("the core does not reach out to the shell, the panel or the storage")
    void coreDependsOnNoShell() {
        noClasses().that().resideInAPackage("io.keyward.lock.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.keyward.lock.shell..", "io.keyward.lock.panel..",
                        "io.keyward.lock.storage..", "io.keyward.lock.cli..", "io.keyward.lock.sim..")
                .check(LOCK);
    }
}
