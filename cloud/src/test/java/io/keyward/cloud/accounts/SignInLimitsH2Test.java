package io.keyward.cloud.accounts;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("H1 sign-in limits, on H2")
class SignInLimitsH2Test extends SignInLimitsTest {
}
