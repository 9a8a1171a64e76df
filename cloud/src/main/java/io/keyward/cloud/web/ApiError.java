package io.keyward.cloud.web;


import io.swagger.v3.oas.annotations.media.Schema;

/** The body of every error the API answers: {@code {"error": "<reason>"}}. */
@Schema(name = "ApiError", description = "Every error the API answers")
record ApiError(@Schema(description = "why, in words; names the field and rule for bad input",
        requiredMode = Schema.RequiredMode.REQUIRED) String error) {
}
