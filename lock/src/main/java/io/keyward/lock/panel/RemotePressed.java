package io.keyward.lock.panel;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The answer to {@code POST /remote-controller} (SPEC G2): the new state, as every action answers,
 * plus {@code transmitted}, the frame the remote sent over the air (base64url), which anyone in range
 * could record and send again with {@code POST /remote-controller/replay}.
 */
public record RemotePressed(@JsonUnwrapped PanelState state, String transmitted) {
}
