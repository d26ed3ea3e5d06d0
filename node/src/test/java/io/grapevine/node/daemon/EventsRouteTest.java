package io.grapevine.node.daemon;

import io.grapevine.node.api.events.EventsRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's event stream tells a client about peers and shares as they happen. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EventsRouteTest {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

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

    @Test
    void peersAndSharesArriveAsNamedServerSentEvents() throws Exception {
        GrapevineNode a = node("a");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(a.api().url() + EventsRoute.PATH))
                .header("Authorization", "Bearer " + a.api().token().value())
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        Iterator<String> lines = response.body().iterator();
        assertThat(lines.next()).startsWith(":"); // the opening comment: the stream is live before we act

        GrapevineNode b = node("b");
        b.host().dial(a.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
        Map<String, String> connected = nextEvent(lines, "peer.connected");
        assertThat(connected.get("data")).contains(b.peerId().toString()).contains("\"direction\":\"inbound\"");

        Path file = Files.write(tmp.resolve("hello.txt"), "hello events".getBytes());
        new NodeApi(a).ok("POST", "shares", Map.of("path", file.toString(), "title", "Hello events"));
        assertThat(nextEvent(lines, "share.added").get("data")).contains("\"title\":\"Hello events\"");

        // Stopping the node ends the stream at once (not at the next keep-alive), while the server can still close it.
        long stopping = System.nanoTime();
        a.close();
        open.remove(a);
        CompletableFuture.runAsync(() -> {
            while (lines.hasNext()) lines.next();
        }).get(5, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - stopping) / 1e9).isLessThan(EventsRoute.KEEPALIVE_SECONDS);
        response.body().close();
    }

    @Test
    void theStreamNeedsTheToken() throws Exception {
        GrapevineNode a = node("a");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(a.api().url() + EventsRoute.PATH)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    /** Reads SSE lines until an event named {@code type}; returns its fields. Bounded by the test's timeout. */
    private static Map<String, String> nextEvent(Iterator<String> lines, String type) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            String name = null;
            String data = null;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("event:")) name = line.substring(6).strip();
                else if (line.startsWith("data:")) data = line.substring(5).strip();
                else if (line.isEmpty()) {
                    if (type.equals(name)) return Map.of("event", name, "data", data == null ? "" : data);
                    name = null;
                    data = null;
                }
            }
            throw new AssertionError("stream ended before a " + type + " event");
        }).get(30, TimeUnit.SECONDS);
    }
}
