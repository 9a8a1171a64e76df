package io.keyward.lock.hardware;

/**
 * What the face camera hands the lock core for one look: a feature vector (never an image,
 * SPEC B9), the head pose it estimated, and whether the face was covered. A capture with a null
 * vector means nobody is in front of the camera (the person walked away).
 */
public record FaceCapture(float[] features, Pose pose, boolean obstructed) {

    public static FaceCapture nobody() {
        return new FaceCapture(null, null, false);
    }

    public boolean isNobody() {
        return features == null;
    }
}
