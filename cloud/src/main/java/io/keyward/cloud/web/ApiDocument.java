package io.keyward.cloud.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.keyward.cloud.ApiDoc;
import io.keyward.cloud.management.CommandRefused;
import io.keyward.cloud.sharing.AccountRole;
import io.keyward.cloud.sharing.LockPath;
import io.keyward.cloud.sharing.RequiresRole;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Makes /api/openapi.json true to what the API answers (issue 12): every status of every operation
 * with its error body, from {@link ApiDoc} on the handler and its signature (see ApiDoc for the rules).
 * An operation without ApiDoc fails the document's test (ApiDocumentTest): nothing is left "200 only".
 */
@Component
class ApiDocument implements OperationCustomizer, OpenApiCustomizer {

    static final String ERROR = "ApiError";
    static final String REFUSED = "CommandRefused";

    private static final Map<Integer, String> WHY = Map.ofEntries(
            Map.entry(400, "Bad input: the reason names the field or parameter and its rule"),
            Map.entry(401, "Not signed in (no or an expired session or token)"),
            Map.entry(403, "Not allowed: the role on the lock is too small, or a state-changing request "
                    + "with the session cookie lacks the header X-Keyward: 1"),
            Map.entry(404, "No such lock (or not shared with you), or no such item"),
            Map.entry(409, "Conflict with the current state; the reason says which"),
            Map.entry(410, "Gone: the code or pairing window has expired"),
            Map.entry(413, "The request body is larger than the limit (64 KB by default)"),
            Map.entry(415, "The request body is not application/json"),
            Map.entry(428, "The lock is in trust mode (issue 15): this command must be signed on an owner device "
                    + "(headers Keyward-Device-Command, Keyward-Device-Chain); reason DEVICE_SIGNATURE_REQUIRED"),
            Map.entry(429, "Too many attempts; wait for Retry-After seconds"),
            Map.entry(503, "The database is unavailable; try again after Retry-After seconds"),
            Map.entry(504, "The lock did not answer in time"));

    private static final Map<Integer, String> DONE = Map.of(200, "Done", 201, "Created", 202,
            "Accepted: waiting for the lock, the command stays pending until it is back", 204, "Done, nothing to return");

    static {
        // the answer's lock report and a command's body are the lock's own JSON: any object, not Jackson's
        // JsonNode internals; the request's query map is documented as named parameters (ApiDoc's handlers)
        ObjectSchema any = new ObjectSchema();
        any.setDescription("JSON as the lock sent it");
        SpringDocUtils.getConfig().replaceWithSchema(tools.jackson.databind.JsonNode.class, any);
        SpringDocUtils.getConfig().replaceWithSchema(SseEmitter.class,
                new StringSchema().description("a text/event-stream of alerts"));
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiDoc doc = handler.getMethodAnnotation(ApiDoc.class);
        if (doc == null) {
            return operation; // ApiDocumentTest names it
        }
        operation.setSummary(doc.summary());
        ApiResponses before = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponse answer = before.get("200");
        ApiResponses responses = new ApiResponses();
        TreeSet<Integer> statuses = new TreeSet<>();
        for (int status : doc.answers()) {
            statuses.add(status);
        }
        if (statuses.stream().noneMatch(s -> s < 300)) {
            statuses.add(200);
        }
        statuses.addAll(inferred(handler, doc));
        for (int status : statuses) {
            ApiResponse explicit = before.get(Integer.toString(status));
            if (status < 300) {
                responses.addApiResponse(Integer.toString(status), explicit != null && status != 200 ? explicit
                        : success(status, answer));
            } else {
                responses.addApiResponse(Integer.toString(status), error(status, status == 409 && doc.lockRefuses()));
            }
        }
        operation.setResponses(responses);
        if (doc.open()) {
            operation.setSecurity(List.of());
        }
        return operation;
    }

    private static TreeSet<Integer> inferred(HandlerMethod handler, ApiDoc doc) {
        TreeSet<Integer> statuses = new TreeSet<>();
        statuses.add(503);
        if (!doc.open()) {
            statuses.add(401);
        }
        boolean reads = handler.hasMethodAnnotation(GetMapping.class);
        if (!reads && !doc.open()) {
            statuses.add(403);
        }
        for (MethodParameter p : handler.getMethodParameters()) {
            RequiresRole role = p.getParameterAnnotation(RequiresRole.class);
            if (role != null || p.hasParameterAnnotation(LockPath.class)) {
                statuses.addAll(List.of(400, 404)); // a malformed or unknown lock id, or no role on it
            }
            if (role != null) {
                if (role.value() != AccountRole.MEMBER) {
                    statuses.add(403);
                }
            }
            if (p.hasParameterAnnotation(RequestBody.class)) {
                statuses.addAll(List.of(400, 413, 415));
            }
            if (Stream.of(p.getParameterAnnotations()).anyMatch(a -> a.annotationType().getPackageName()
                    .equals("org.springframework.web.bind.annotation"))) {
                statuses.add(400); // a path variable or query parameter of the wrong form
            }
        }
        return statuses;
    }

    private static ApiResponse success(int status, ApiResponse answer) {
        ApiResponse response = new ApiResponse().description(DONE.getOrDefault(status, HttpStatus.valueOf(status).getReasonPhrase()));
        if (status != 204 && answer != null && answer.getContent() != null) {
            response.setContent(answer.getContent());
        }
        return response;
    }

    private static ApiResponse error(int status, boolean lockRefusal) {
        String why = lockRefusal ? "The lock refused the command: reason is its code, error the code in plain words"
                + " (docs/cloud.md, Status codes and refusals); or a conflict of the cloud's own (error only)"
                : WHY.getOrDefault(status, HttpStatus.valueOf(status).getReasonPhrase());
        Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + (lockRefusal ? REFUSED : ERROR));
        return new ApiResponse().description(why)
                .content(new Content().addMediaType("application/json", new MediaType().schema(schema)));
    }

    /** The error bodies' schemas, and paths and schemas in a stable order (the committed copy is compared). */
    @Override
    public void customise(OpenAPI api) {
        // only the bodies themselves: the schemas they refer to (CommandView) are springdoc's, with its replacements
        api.getComponents().addSchemas(ERROR, ModelConverters.getInstance().read(ApiError.class).get(ERROR));
        api.getComponents().addSchemas(REFUSED, ModelConverters.getInstance().read(CommandRefused.class).get(REFUSED));
        Map<String, Schema> schemas = new TreeMap<>(api.getComponents().getSchemas());
        api.getComponents().setSchemas(schemas);
        Paths paths = new Paths();
        new TreeMap<>(api.getPaths()).forEach(paths::addPathItem);
        api.setPaths(paths);
        distinctOperationIds(paths);
    }

    /**
     * Handler names repeat across features (list, get, revoke ...), which springdoc numbers by the order it
     * met them (list_1, list_2): a generated client's methods would change names with the order. Those
     * get their feature instead, from the tag: list on locks-controller is listLocks, on events-controller
     * listEvents.
     */
    private static void distinctOperationIds(Paths paths) {
        Map<String, List<Operation>> byName = new TreeMap<>();
        paths.values().forEach(item -> item.readOperations().forEach(operation -> byName
                .computeIfAbsent(operation.getOperationId().replaceAll("_[0-9]+$", ""), name -> new java.util.ArrayList<>())
                .add(operation)));
        byName.forEach((name, operations) -> {
            if (operations.size() > 1) {
                operations.forEach(operation -> operation.setOperationId(name + feature(operation)));
            }
        });
    }

    /** "locks-controller" as "Locks", "visitor-codes-controller" as "VisitorCodes". */
    private static String feature(Operation operation) {
        StringBuilder feature = new StringBuilder();
        for (String word : operation.getTags().get(0).replace("-controller", "").split("-")) {
            feature.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return feature.toString();
    }
}
