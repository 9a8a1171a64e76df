package io.keyward.lock.hardware;

/** Input port: the camera looks at whoever stands in front; face null means nobody (SPEC B3, C1). */
public interface FaceCamera {
    FaceCapture look(String face, Pose pose, boolean obstructed);
}
