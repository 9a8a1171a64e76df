package io.keyward.cloud.management;

import java.io.IOException;

import io.keyward.cloud.accounts.AccountPrincipal;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The steps of Spring Security's chain that the remote unlock's fast path ({@link RemoteUnlockFastPath})
 * still runs for a request it answers before the chain: the chain's own authorization and its response
 * headers. Implemented by the web feature (web.SecurityChainSteps), which builds the chain; declared here so
 * that management, which the web feature already depends on, does not depend on it in turn.
 */
public interface SecurityChainGate {

    /** Whether the chain's authorization lets this account make this request; false when it cannot tell. */
    boolean allows(HttpServletRequest request, HttpServletResponse response, AccountPrincipal principal);

    /** The chain's headers on the response, as it writes them for this request. */
    void writeHeaders(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;
}
