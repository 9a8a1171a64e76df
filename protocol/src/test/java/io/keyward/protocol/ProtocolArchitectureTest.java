package io.keyward.protocol;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Issue 16 item 4: protocol is the wire model shared by the lock and the cloud, so its main code
 * carries no transport of its own. The HTTP client of a lock's radio (RadioClient) is a test fixture
 * in protocol's test-jar; this keeps it, and anything like it, out of the main jar, and protocol's
 * packages free of cycles, as the lock's are (LockPackagesArchitectureTest).
 */
class ProtocolArchitectureTest {

    private static final JavaClasses PROTOCOL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keyward.protocol");

    @Test
    @DisplayName("protocol's main code uses no HTTP client and depends on neither the lock nor the cloud")
    void mainCodeHasNoHttpClient() {
        noClasses().that().resideInAPackage("io.keyward.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "com.sun.net.httpserver..",
                        "io.keyward.lock..", "io.keyward.cloud..")
                .check(PROTOCOL);
    }

    @Test
    @DisplayName("no cycles among protocol's packages")
    void packagesFormNoCycle() {
        slices().matching("io.keyward.protocol.(*)..").should().beFreeOfCycles().check(PROTOCOL);
    }
}
