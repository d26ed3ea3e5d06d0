package io.grapevine.node.announce;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.daemon.NodeConfig;
import io.grapevine.node.daemon.NodeHome;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real nodes for the announcement network tests: a cheap stamp difficulty, and their API called as a client would. */
final class AnnounceNodes {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AnnounceNodes() {}

    /** A node in {@code home} on 127.0.0.1, stamps of 8 bits, bootstrapping from {@code bootstrap} when given. */
    static GrapevineNode start(Path home, GrapevineNode bootstrap) throws Exception {
        return start(home, bootstrap, NodeConfig.DEFAULT_SYNC_INTERVAL_SECONDS);
    }

    /** {@link #start(Path, GrapevineNode)} with periodic sync every {@code syncIntervalSeconds}. */
    static GrapevineNode start(Path home, GrapevineNode bootstrap, int syncIntervalSeconds) throws Exception {
        NodeHome nodeHome = new NodeHome(home);
        nodeHome.ensureExists();
        NodeConfig.defaults().withAnnounceDifficulty(8).withSyncInterval(syncIntervalSeconds).save(nodeHome.configFile());
        List<String> boot = bootstrap == null ? List.of() : List.of(bootstrap.listenAddresses().getFirst().toString());
        return GrapevineNode.start(nodeHome, new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), boot, List.of()));
    }

    static HttpResponse<String> call(GrapevineNode node, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.api().url() + "/api/v1" + path))
                .header("Authorization", "Bearer " + node.api().token().value());
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return ApiJson.MAPPER.readTree(response.body());
    }

    static JsonNode search(GrapevineNode node, String query) throws Exception {
        HttpResponse<String> response = call(node, "GET", "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
