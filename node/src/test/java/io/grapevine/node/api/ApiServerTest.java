package io.grapevine.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) c.close();
    }

    private Host host(Duration pingInterval) throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .ioThreads(1)
                .ping(pingInterval, 3)
                .build());
        closeables.add(host);
        host.start();
        return host;
    }

    private ApiServer api(Host host) throws Exception {
        ApiServer api = ApiServer.start(ApiBinding.loopback(), new ApiFiles(tmp), "test", List.of(new NodeRoutes(host, Instant.now())));
        closeables.add(api);
        return api;
    }

    private HttpResponse<String> send(ApiServer api, String method, String path, String authorization, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) request.header("Authorization", authorization);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ApiServer api, String path) throws Exception {
        return send(api, "GET", path, "Bearer " + api.token().value(), null);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void writesTheUrlAndAnOwnerOnlyTokenAndRemovesBothOnClose() throws Exception {
        Files.writeString(tmp.resolve("api"), "http://127.0.0.1:1\n"); // a stale file from a crashed run
        ApiServer api = ApiServer.start(ApiBinding.loopback(), new ApiFiles(tmp), "test", List.of(new NodeRoutes(host(Duration.ZERO), Instant.now())));

        assertThat(api.url()).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
        assertThat(Files.readString(tmp.resolve("api")).trim()).isEqualTo(api.url());
        String token = Files.readString(tmp.resolve("api-token")).trim();
        assertThat(token).isEqualTo(api.token().value()).matches("[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("api-token"))))
                .isEqualTo("rw-------");
        try (var listing = Files.list(tmp)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("api", "api-token");
        }

        api.close();
        assertThat(tmp.resolve("api")).doesNotExist();
        assertThat(tmp.resolve("api-token")).doesNotExist();
    }

    @Test
    void eachStartMakesANewToken() throws Exception {
        Host host = host(Duration.ZERO);
        String first;
        try (ApiServer api = ApiServer.start(ApiBinding.loopback(), new ApiFiles(tmp), "test", List.of(new NodeRoutes(host, Instant.now())))) {
            first = api.token().value();
        }
        ApiServer second = api(host);
        assertThat(second.token().value()).isNotEqualTo(first);
    }

    @Test
    void everyRouteRequiresTheToken() throws Exception {
        ApiServer api = api(host(Duration.ZERO));
        // "/" is the web UI's landing page, public by design (WebLoginTest); everything else needs the token.
        String wrong = "Bearer " + "0".repeat(64);
        for (String path : List.of("/api/v1/status", "/api/v1/peers", "/api/v1/nothing-here", "/ui/app.js")) {
            assertError(send(api, "GET", path, null, null), 401, "unauthorized");
            assertError(send(api, "GET", path, wrong, null), 401, "unauthorized");
            assertError(send(api, "GET", path, api.token().value(), null), 401, "unauthorized"); // no "Bearer "
            assertError(send(api, "GET", path, "Basic " + api.token().value(), null), 401, "unauthorized");
        }
        assertThat(get(api, "/api/v1/status").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRoutesWrongMethodsAndLargeBodiesAreJsonErrors() throws Exception {
        ApiServer api = api(host(Duration.ZERO));
        String bearer = "Bearer " + api.token().value();
        assertError(get(api, "/api/v1/nothing-here"), 404, "not_found");
        assertError(send(api, "DELETE", "/api/v1/status", bearer, null), 405, "method_not_allowed");
        byte[] huge = new byte[(int) ApiServer.MAX_BODY_BYTES + 1];
        assertError(send(api, "POST", "/api/v1/status", bearer, huge), 413, "payload_too_large");
    }

    @Test
    void statusDescribesTheNode() throws Exception {
        Host host = host(Duration.ZERO);
        ApiServer api = api(host);
        JsonNode status = JSON.readTree(get(api, "/api/v1/status").body());
        assertThat(status.path("peerId").asText()).isEqualTo(host.peerId().toString());
        assertThat(status.path("agentVersion").asText()).isEqualTo(host.config().agentVersion());
        assertThat(status.path("uptimeSeconds").asLong()).isBetween(0L, 60L);
        assertThat(status.path("listenAddresses").get(0).asText()).isEqualTo(host.listenAddresses().get(0).toString());
        assertThat(status.path("connectedPeers").asInt()).isZero();

        Host other = host(Duration.ZERO);
        host.dial(other.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
        assertThat(JSON.readTree(get(api, "/api/v1/status").body()).path("connectedPeers").asInt()).isEqualTo(1);
    }

    @Test
    void peersListsConnectionsWithIdentifyAndLatency() throws Exception {
        Host host = host(Duration.ofMillis(100));
        ApiServer api = api(host);
        assertThat(JSON.readTree(get(api, "/api/v1/peers").body()).path("peers")).isEmpty();

        Host other = host(Duration.ZERO);
        host.dial(other.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode peers = JSON.readTree(get(api, "/api/v1/peers").body()).path("peers");
            assertThat(peers).hasSize(1);
            JsonNode peer = peers.get(0);
            assertThat(peer.path("peerId").asText()).isEqualTo(other.peerId().toString());
            assertThat(peer.path("direction").asText()).isEqualTo("outbound");
            assertThat(peer.path("address").asText()).startsWith("/ip4/127.0.0.1/tcp/");
            assertThat(peer.path("agentVersion").asText()).isEqualTo(other.config().agentVersion());
            assertThat(peer.path("protocols").toString()).contains("/ipfs/ping/1.0.0");
            assertThat(peer.path("latencyMs").isNumber()).as("latency after a ping").isTrue();
        });
    }

    @Test
    void bindsLoopbackByDefault() throws Exception {
        ApiServer api = api(host(Duration.ZERO));
        assertThat(api.url()).startsWith("http://127.0.0.1:");
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        assumeThat(external).as("a non-loopback IPv4 address on this machine").isPresent();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), api.port()), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void aBusyPortFailsWithAClearErrorAndLeavesNoFiles() throws Exception {
        ApiServer first = api(host(Duration.ZERO));
        Path other = Files.createDirectory(tmp.resolve("other"));
        assertThatThrownBy(() -> ApiServer.start(new ApiBinding("127.0.0.1", first.port(), false),
                new ApiFiles(other), "test", List.of(new NodeRoutes(host(Duration.ZERO), Instant.now()))))
                .hasMessageContaining("cannot start the HTTP API on 127.0.0.1:" + first.port());
        try (var listing = Files.list(other)) {
            assertThat(listing).isEmpty();
        }
    }
}
