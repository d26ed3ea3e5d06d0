package io.grapevine.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.api.OpenApiRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route a full node serves is in the OpenAPI document, and the document describes no route it does not serve. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiCompletenessTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    Path tmp;

    @Test
    void documentAndRoutesMatch() throws Exception {
        try (GrapevineNode node = GrapevineNode.start(new NodeHome(tmp.resolve("a")),
                new GrapevineNode.Options(java.util.List.of("/ip4/127.0.0.1/tcp/0"), java.util.List.of(), java.util.List.of()))) {
            Set<String> served = new TreeSet<>(node.api().routes());
            assertThat(served).contains("GET /api/v1/status", "GET /metrics", "GET " + OpenApiRoute.PATH);
            Set<String> documented = new TreeSet<>();
            Iterator<Map.Entry<String, JsonNode>> paths = OpenApiRoute.load().get("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> path = paths.next();
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (METHODS.contains(method)) documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                });
            }
            assertThat(served).as("served routes missing from openapi.json").isSubsetOf(documented);
            assertThat(documented).as("documented routes not served").isSubsetOf(served);

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(node.api().url() + OpenApiRoute.PATH))
                    .header("Authorization", "Bearer " + node.api().token().value()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"openapi\":\"3.1.0\"").contains("\"version\":\"" + GrapevineVersion.VERSION + "\"");
        }
    }
}
