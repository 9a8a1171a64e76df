package io.keyward.lock.camera;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The lock's simulated outdoor camera (SPEC H7, D8): a made-up scene of the doorstep, drawn for an
 * instant of the lock's clock, with that instant stamped on it, as a small JPEG (320x240, a few KB).
 * The scene moves with time (the sky's light, a visitor walking by), so two frames a fifth of a
 * second apart differ. Stateless and thread-safe: each frame is drawn on an image of its own.
 * Drawing needs no display: the JVM is put in headless mode before AWT loads.
 */
public final class DoorCamera {

    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;
    private static final float QUALITY = 0.7f;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.S 'UTC'")
            .withZone(ZoneOffset.UTC);

    static {
        // a lock has no screen for AWT: headless, whatever the JVM was started with
        System.setProperty("java.awt.headless", "true");
    }

    private final String label;

    /** label: what the camera stamps next to the time (the lock's serial). */
    public DoorCamera(String label) {
        this.label = label;
    }

    /** The scene at this instant of the lock's clock, as JPEG bytes. */
    public byte[] frame(Instant at) {
        return frame(at, -1);
    }

    /**
     * The same with the frame's number of its stream stamped too (negative: none), so that frames
     * differ even while the lock's clock stands still (a lock on a manual clock).
     */
    public byte[] frame(Instant at, long number) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, at, number);
        } finally {
            g.dispose();
        }
        return jpeg(image);
    }

    private void draw(Graphics2D g, Instant at, long number) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        long ms = at.toEpochMilli();
        double phase = (ms % 20_000) / 20_000.0;                      // one walk across every 20 s
        float light = (float) (0.5 + 0.5 * Math.sin(2 * Math.PI * (ms % 60_000) / 60_000.0));
        // sky: its light breathes over a minute
        g.setPaint(new GradientPaint(0, 0, new Color(40 + (int) (80 * light), 90 + (int) (90 * light), 200),
                0, 150, new Color(200, 220, 240)));
        g.fillRect(0, 0, WIDTH, 150);
        // ground and the path to the door
        g.setColor(new Color(90, 130, 70));
        g.fillRect(0, 150, WIDTH, HEIGHT - 150);
        g.setColor(new Color(170, 160, 140));
        g.fillPolygon(new int[] {130, 190, 260, 60}, new int[] {150, 150, HEIGHT, HEIGHT}, 4);
        // a visitor walking by, bobbing a little at each step
        int x = (int) (-30 + phase * (WIDTH + 60));
        int bob = (int) (4 * Math.abs(Math.sin(2 * Math.PI * (ms % 1000) / 1000.0)));
        g.setColor(new Color(200, 60, 50));
        g.fillRoundRect(x - 14, 120 - bob, 28, 50, 10, 10);
        g.setColor(new Color(240, 200, 170));
        g.fillOval(x - 11, 96 - bob, 22, 22);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(4));
        int stride = (int) (8 * Math.sin(2 * Math.PI * (ms % 1000) / 1000.0));
        g.drawLine(x - 6, 168 - bob, x - 6 + stride, 190);
        g.drawLine(x + 6, 168 - bob, x + 6 - stride, 190);
        // the time stamp, on a dark band so it reads on any scene
        g.setColor(new Color(0, 0, 0, 160));
        g.fillRect(0, HEIGHT - 22, WIDTH, 22);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 12));
        g.drawString(label + "  " + STAMP.format(at), 6, HEIGHT - 7);
        g.setColor(new Color(230, 40, 40));
        g.fillOval(WIDTH - 16, 6, 10, 10); // the recording dot
        if (number >= 0) {
            g.setColor(Color.WHITE);
            g.drawString("#" + number, 6, 16);
        }
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a camera frame", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
