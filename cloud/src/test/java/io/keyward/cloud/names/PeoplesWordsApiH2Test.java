package io.keyward.cloud.names;

import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;

@H2Storage
@DisplayName("Issue 14 people's words over HTTP, on H2")
class PeoplesWordsApiH2Test extends PeoplesWordsApiTest {
}
