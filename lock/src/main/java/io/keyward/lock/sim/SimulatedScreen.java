package io.keyward.lock.sim;

import io.keyward.lock.hardware.Screen;

/** Remembers what the screen shows, for the panel. */
public final class SimulatedScreen implements Screen {

    private String text = "";
    private String qr;

    @Override
    public void show(String text, String qr) {
        this.text = text == null ? "" : text;
        this.qr = qr;
    }

    public String text() {
        return text;
    }

    public String qr() {
        return qr;
    }
}
