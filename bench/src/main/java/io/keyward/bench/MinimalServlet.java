package io.keyward.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * The HTTP floor beside the remote unlock (issue 11 item 5): the Tomcat the cloud runs on (the same embedded
 * version and NIO connector, its defaults), with one servlet that answers every POST with the unlock's 200
 * body from memory: no filters, no Spring, no database, no signature, no MQTT. What an unlock can never go
 * below on this machine is this plus the raw MQTT round trip plus the lock's own step.
 */
final class MinimalServlet implements AutoCloseable {

    private static final byte[] BODY = "{\"unlocked\":true}".getBytes(StandardCharsets.UTF_8);

    private final Tomcat tomcat;
    final URI uri;

    private MinimalServlet(Tomcat tomcat, URI uri) {
        this.tomcat = tomcat;
        this.uri = uri;
    }

    static MinimalServlet start(Path baseDir) throws LifecycleException, IOException {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(baseDir).toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "floor", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("application/json");
                response.setContentLength(BODY.length);
                response.getOutputStream().write(BODY);
            }
        });
        context.addServletMappingDecoded("/*", "floor");
        tomcat.start();
        return new MinimalServlet(tomcat, URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort()));
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
