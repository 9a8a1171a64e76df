package io.keyward.lock.panel;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** GET /: a plain page naming the endpoints and linking to the panel (GET /panel), so a person who opens the panel URL knows what it is. */
final class PanelIndex {

    private PanelIndex() {
    }

    static byte[] html(List<String> routes) {
        StringBuilder page = new StringBuilder()
                .append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Keyward lock panel</title></head><body>\n")
                .append("<h1>Keyward simulated lock: panel API</h1>\n")
                .append("<p><a href=\"panel\">Open the lock's panel</a>: its front, rear and door in the browser.</p>\n")
                .append("<p>JSON in and out; actions answer the new state. See the README for bodies.</p>\n<ul>\n");
        for (String route : routes) {
            page.append("<li><code>").append(route).append("</code></li>\n");
        }
        return page.append("</ul>\n</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
