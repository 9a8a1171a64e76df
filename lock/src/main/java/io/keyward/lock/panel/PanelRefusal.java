package io.keyward.lock.panel;

/** An action the simulated hardware cannot do, or a malformed request: the panel answers 400 with this reason. */
public class PanelRefusal extends RuntimeException {
    public PanelRefusal(String reason) {
        super(reason);
    }
}
