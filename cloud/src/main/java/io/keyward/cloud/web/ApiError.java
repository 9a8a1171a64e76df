package io.keyward.cloud.web;

/** The body of every error the API answers: {@code {"error": "<reason>"}}. */
record ApiError(String error) {
}
