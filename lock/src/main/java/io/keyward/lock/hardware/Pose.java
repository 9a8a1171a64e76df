package io.keyward.lock.hardware;

/** Head poses the face camera recognises; enrolment walks through them in this order (SPEC B3). */
public enum Pose {
    FRONT, UP, DOWN, LEFT, RIGHT
}
