package io.grapevine.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the API's OpenAPI 3.1 document, kept by hand in {@value #RESOURCE} beside the
 * routes it describes (a test fails when a served route is missing from it or a documented one is not served).
 */
public final class OpenApiRoute implements ApiRoutes {
    public static final String PATH = ApiServer.BASE + "/openapi.json";
    static final String RESOURCE = "openapi.json";

    private final String body;

    public OpenApiRoute(String version) {
        JsonNode document = load();
        ((ObjectNode) document.get("info")).put("version", version);
        this.body = document.toString();
    }

    /** The document as shipped, without the running version. */
    public static JsonNode load() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            return ApiJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.contentType("application/json").result(body));
    }
}
