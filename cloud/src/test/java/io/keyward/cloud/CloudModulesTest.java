package io.keyward.cloud;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The cloud's feature packages (each top-level package under io.keyward.cloud a module) form a
 * one-way graph and reach each other only through their public facades: a cycle, or a class of
 * one feature using another feature's internals (sub-packages, package-private types), fails here.
 */
class CloudModulesTest {

    @Test
    void featurePackagesKeepTheirBorders() {
        ApplicationModules.of(KeywardCloud.class).verify();
    }
}
