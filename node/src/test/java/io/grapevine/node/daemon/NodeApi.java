package io.grapevine.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

/** A test's client for one node's HTTP API. */
record NodeApi(GrapevineNode node) {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body) {
    }

    /** Starts a node in {@code home} on 127.0.0.1 with the given market settings. */
    static NodeApi startMarket(java.nio.file.Path home, io.grapevine.node.market.MarketSettings settings)
            throws Exception {
        settings.save(java.nio.file.Files.createDirectories(home));
        return new NodeApi(GrapevineNode.start(new NodeHome(home), new GrapevineNode.Options(
                java.util.List.of("/ip4/127.0.0.1/tcp/0"), java.util.List.of(), java.util.List.of())));
    }

    /** Posts blocks (headers to the chain, full blocks to the wallet) 50 per request, in order. */
    void postBlocks(java.util.List<org.bitcoinj.core.Block> blocks) throws Exception {
        for (int from = 0; from < blocks.size(); from += 50) {
            ok("POST", "market/blocks", java.util.Map.of("blocks", blocks.subList(from, Math.min(blocks.size(),
                    from + 50)).stream().map(b -> java.util.HexFormat.of().formatHex(b.serialize())).toList()));
        }
    }

    Reply call(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.api().url() + "/api/v1/" + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + node.api().token().value())
                .method(method, publisher).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    JsonNode ok(String method, String path, Object body) throws Exception {
        Reply reply = call(method, path, body);
        if (reply.status() / 100 != 2) {
            throw new AssertionError(method + " " + path + " -> " + reply.status() + " " + reply.body());
        }
        return reply.body();
    }

    /** The lines of a server-sent event stream, until the server ends it. */
    Stream<String> events(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.api().url() + "/api/v1/" + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + node.api().token().value()).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofLines()).body();
    }
}
