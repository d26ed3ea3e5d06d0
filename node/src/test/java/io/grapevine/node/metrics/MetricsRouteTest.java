package io.grapevine.node.metrics;

import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.daemon.NodeHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsRouteTest {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private GrapevineNode node(String name) throws Exception {
        GrapevineNode node = GrapevineNode.start(new NodeHome(tmp.resolve(name)),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(), List.of()));
        open.add(node);
        return node;
    }

    private HttpResponse<String> get(GrapevineNode node, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.api().url() + MetricsRoute.PATH));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void scrapeShowsPeersAndJvmInPrometheusFormat() throws Exception {
        GrapevineNode a = node("a");
        GrapevineNode b = node("b");
        b.host().dial(a.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            HttpResponse<String> response = get(a, a.api().token().value());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("# TYPE grapevine_peers_connected gauge")
                    .containsPattern("(?m)^grapevine_peers_connected 1\\.0$")
                    .contains("jvm_memory_used_bytes");
        });
    }

    @Test
    void gossipOnASubscribedTopicIsCountedPerTopic() throws Exception {
        GrapevineNode a = GrapevineNode.start(new NodeHome(tmp.resolve("ga")),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(), List.of("demo/topic")));
        open.add(a);
        GrapevineNode b = GrapevineNode.start(new NodeHome(tmp.resolve("gb")), new GrapevineNode.Options(
                List.of("/ip4/127.0.0.1/tcp/0"), List.of(a.listenAddresses().get(0).toString()), List.of("demo/topic")));
        open.add(b);
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(b.pubsub().router().mesh("demo/topic")).isNotEmpty());
        b.pubsub().router().publish("demo/topic", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            String body = get(a, a.api().token().value()).body();
            assertThat(body).containsPattern("(?m)^grapevine_gossip_messages_total\\{outcome=\"received\",topic=\"demo/topic\"} 1\\.0$");
            assertThat(body).containsPattern("(?m)^grapevine_gossip_mesh_peers\\{topic=\"demo/topic\"} 1\\.0$");
        });
    }

    @Test
    void scrapeNeedsTheToken() throws Exception {
        GrapevineNode a = node("a");
        assertThat(get(a, null).statusCode()).isEqualTo(401);
        assertThat(get(a, "wrong").statusCode()).isEqualTo(401);
    }
}
