package io.grapevine.node.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.daemon.NodeHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web UI in a real browser: two real nodes in temporary homes, Debian's chromium driven by playwright-core
 * (src/test/web/ui.mjs). Skipped only when chromium is absent and {@code grapevine.web.required} is not true; CI sets
 * it, so CI cannot skip silently. Screenshots of every page go to target/web-screenshots/.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WebUiBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of(System.getProperty("grapevine.chromium", "/usr/bin/chromium"));
    private static final Path SCRIPT_DIR = Path.of("src/test/web").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void loginStatusPeersAndCrossSiteRefusalInChromium() throws Exception {
        boolean required = Boolean.getBoolean("grapevine.web.required");
        assumeTrue(required || Files.isExecutable(CHROMIUM),
                "skipped: no chromium at " + CHROMIUM + " (apt-get install chromium; -Dgrapevine.web.required=true makes this a failure)");
        assertThat(CHROMIUM).as("chromium (grapevine.web.required is set)").isExecutable();
        assertThat(SCRIPT_DIR.resolve("node_modules/playwright-core"))
                .as("playwright-core: the Maven build installs it (generate-test-resources), or run `node ../interop/install.mjs .` in "
                        + SCRIPT_DIR).isDirectory();

        try (GrapevineNode a = start("a", List.of());
             GrapevineNode b = start("b", List.of(a.listenAddresses().getFirst().toString()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !a.host().connections().isEmpty());
            Map<String, Object> share = null;
            byte[] bytes = null;
            if (hasRoute(a, "/api/v1/shares")) {
                Path file = tmp.resolve("grapevine-ui-test.bin");
                bytes = new byte[3 * 1024 * 1024 + 17];
                new Random(7).nextBytes(bytes);
                Files.write(file, bytes);
                share = Map.of("path", file.toString(), "title", "browser test payload " + System.nanoTime());
            }
            Map<String, Object> search = null;
            byte[] searchBytes = null;
            // Letters only, so any analyzer keeps it one token.
            String word = "kiwi" + new Random().ints(10, 'a', 'z' + 1).collect(StringBuilder::new,
                    StringBuilder::appendCodePoint, StringBuilder::append);
            if (share != null && hasRoute(a, "/api/v1/search?q=x")) {
                Path file = tmp.resolve("grapevine-search-test.bin");
                searchBytes = new byte[1024 * 1024 + 5];
                new Random(11).nextBytes(searchBytes);
                Files.write(file, searchBytes);
                search = Map.of("path", file.toString(), "title", "searchable " + word + " payload", "word", word);
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("a", Map.of("web", a.api().webUrl(), "peerId", a.peerId().toString(), "address", dialable(a)));
            config.put("b", Map.of("web", b.api().webUrl(), "peerId", b.peerId().toString(), "address", dialable(b)));
            config.put("screenshots", Path.of("target/web-screenshots").toAbsolutePath().toString());
            config.put("share", share);
            config.put("search", search);
            String listName = "browser test list " + word;
            String paidWord = "fig" + new Random().ints(10, 'a', 'z' + 1).collect(StringBuilder::new,
                    StringBuilder::appendCodePoint, StringBuilder::append);
            Map<String, Object> market = null;
            if (search != null && hasRoute(a, "/api/v1/market/orders")) {
                Path file = tmp.resolve("grapevine-paid-test.bin");
                Files.write(file, new byte[300_001]);
                market = Map.of("path", file.toString(), "title", "paid " + paidWord + " film", "word", paidWord,
                        "priceSats", 5000);
            }
            config.put("market", market);
            config.put("blocklists", share != null && hasRoute(a, "/api/v1/blocklists") ? Map.of("name", listName) : null);
            JsonNode report = runScript(JSON.writeValueAsString(config));

            assertThat(report.path("ok").asBoolean()).as(report.path("error").asText()).isTrue();
            assertThat(report.path("pageErrors")).as("uncaught errors in the page").isEmpty();

            String home = a.api().url() + "/";
            JsonNode login = report.path("loginA");
            assertThat(login.path("url").asText()).as("after login the URL is / without the token").isEqualTo(home);
            assertThat(login.path("cookie").path("httpOnly").asBoolean()).isTrue();
            assertThat(login.path("cookie").path("sameSite").asText()).isEqualTo("Strict");
            assertThat(login.path("cookie").path("path").asText()).isEqualTo("/");
            assertThat(login.path("cookie").path("valueIsToken").asBoolean()).as("the cookie holds a session, not the token").isFalse();
            assertThat(login.path("documentCookie").asText()).as("page scripts cannot read the session").doesNotContain("grapevine-session");

            assertThat(report.path("status").path("peerId").asText()).isEqualTo(a.peerId().toString());
            assertThat(report.path("status").path("connectedPeers").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(report.path("peers").path("peerIds").toString()).contains(b.peerId().toString());

            // Pages whose routes this node has show no error (Search shows none until a query is made).
            Map<String, String> listRoutes = Map.of("search", "/api/v1/shares", "downloads", "/api/v1/downloads",
                    "shares", "/api/v1/shares", "market", "/api/v1/market/orders", "blocklists", "/api/v1/blocklists");
            for (var entry : listRoutes.entrySet()) {
                JsonNode rendered = report.path("pages").path(entry.getKey());
                assertThat(rendered.path("heading").asText()).as(entry.getKey()).isNotBlank();
                if (hasRoute(a, entry.getValue()) || entry.getKey().equals("search")) {
                    assertThat(rendered.path("errors")).as(entry.getKey() + " shows no error").isEmpty();
                } else if (!rendered.path("notEnabled").asBoolean()) {
                    assertThat(rendered.path("errors").toString()).as(entry.getKey()).contains("no such route");
                }
            }
            assertThat(report.path("pages").path("market").path("notEnabled").asBoolean())
                    .isEqualTo(!hasRoute(a, "/api/v1/market/orders"));
            assertThat(report.path("pages").path("blocklists").path("notEnabled").asBoolean())
                    .isEqualTo(!hasRoute(a, "/api/v1/blocklists"));

            JsonNode qr = report.path("qr");
            assertThat(qr.path("decoded")).hasSize(5);
            qr.path("decoded").forEach(code -> assertThat(code.path("same").asBoolean())
                    .as("jsQR reads back the text of a version " + code.path("version") + " code").isTrue());
            assertThat(qr.path("decoded").get(4).path("version").asInt()).as("a code large enough for version information").isGreaterThanOrEqualTo(7);
            assertThat(qr.path("svgDecoded").asBoolean()).as("the rendered SVG scans").isTrue();

            assertThat(report.path("phone").path("navVisibleBefore").asBoolean()).as("nav folded on a phone").isFalse();
            assertThat(report.path("phone").path("navVisibleAfterMenu").asBoolean()).isTrue();

            JsonNode crossSite = report.path("crossSite");
            assertThat(crossSite.path("status").asInt()).isEqualTo(403);
            // 403 and not 401: the browser did send the session cookie (same site), and the node still refused.
            assertThat(JSON.readTree(crossSite.path("body").asText()).path("error").path("code").asText())
                    .isEqualTo("cross_site_request");

            if (share != null) {
                JsonNode settings = report.path("settings");
                assertThat(settings.path("refused").asText()).as("the API's 400 message is shown")
                        .startsWith("rateLimits.downloadBytesPerSecond:").contains("unlimited");
                assertThat(settings.path("invalid").asText()).as("the refused field is marked").isEqualTo("true");
                assertThat(settings.path("saved").asLong()).isEqualTo(256 * 1024);

                JsonNode download = report.path("download");
                assertThat(download.path("contentId").asText()).startsWith("b");
                // The row is fed by the list poll only when its stream failed ("poll"); "sse" at 100% means the
                // completion arrived as a progress event.
                assertThat(download.path("live").asText()).as("progress came by server-sent events").isEqualTo("sse");
                assertThat(download.path("pausedAt").asText()).as("paused part way").isNotEqualTo("100%");
                assertThat(download.path("stillState").asText()).as("still paused 3 s later").isEqualTo("paused");
                assertThat(download.path("stillAt").asText()).as("no progress while paused").isEqualTo(download.path("pausedAt").asText());
                assertThat(download.path("percent").asText()).isEqualTo("100%");
                assertThat(download.path("files")).as("the page names the file on disk").hasSize(1);
                Path saved = Path.of(download.path("files").get(0).asText());
                assertThat(saved).as("downloaded into B's home").startsWith(tmp.resolve("b"));
                assertThat(Files.readAllBytes(saved)).as("the bytes on disk are the shared file's").isEqualTo(bytes);
            }

            if (search != null) {
                JsonNode found = report.path("search");
                assertThat(found.path("title").asText()).isEqualTo("searchable " + word + " payload");
                assertThat(found.path("marked").toString()).as("the query word is highlighted").contains(word);
                assertThat(found.path("badge").asText()).isEqualTo("free");
                assertThat(found.path("providers").asInt()).as("A is a provider").isGreaterThanOrEqualTo(1);
                assertThat(found.path("percent").asText()).isEqualTo("100%");
                assertThat(found.path("live").asText()).as("with its event stream refused, the row was polled").isEqualTo("poll");
                assertThat(found.path("shownTitle").asText()).as("Downloads shows the title from the search").isEqualTo(found.path("title").asText());
                assertThat(found.path("files")).hasSize(1);
                assertThat(Files.readAllBytes(Path.of(found.path("files").get(0).asText()))).isEqualTo(searchBytes);
            }

            if (share != null && hasRoute(a, "/api/v1/blocklists")) {
                JsonNode lists = report.path("blocklists");
                assertThat(lists.path("listId").asText()).hasSize(64);
                assertThat(lists.path("voted").asText()).as("one block vote meets the list's rule (1 vote, 1/2)").isEqualTo("true");
                assertThat(lists.path("whyBlocked").asText()).isEqualTo("true");
                assertThat(lists.path("whyText").asText()).as("why names the list").contains(listName);
                assertThat(lists.path("allowed").asText()).as("a local allow overrides the list").isEqualTo("false");
                assertThat(lists.path("seenOnA").asBoolean()).as("B's vote reached A by gossip").isTrue();
            }

            if (market != null) {
                JsonNode paid = report.path("market");
                assertThat(paid.path("badge").asText()).as("the search result is marked paid with its price").isEqualTo("paid · 5,000 sats");
                assertThat(paid.path("price").asText()).isEqualTo("5,000 sats");
                assertThat(paid.path("address").asText()).as("regtest address").startsWith("bcrt1");
                String uri = paid.path("uri").asText();
                assertThat(uri).startsWith("bitcoin:" + paid.path("address").asText()).contains("amount=0.00005");
                assertThat(paid.path("qrText").asText()).as("the QR code on the page scans to the BIP21 URI").isEqualTo(uri);
            }

            assertThat(report.path("logout").path("url").asText()).isEqualTo(home);
            assertThat(report.path("logout").path("statusAfter").asInt()).as("a write with the CSRF header logged out").isEqualTo(401);
            assertThat(Path.of("target/web-screenshots/status.png")).isNotEmptyFile();
            assertThat(Path.of("target/web-screenshots/peers.png")).isNotEmptyFile();
        }
    }

    private GrapevineNode start(String name, List<String> bootstrap) throws IOException {
        // Regtest, one confirmation: the market (when the node has it) sells and buys without real coins.
        Files.createDirectories(tmp.resolve(name));
        Files.writeString(tmp.resolve(name).resolve("market.json"), "{\"network\":\"regtest\",\"confirmations\":1}");
        return GrapevineNode.start(new NodeHome(tmp.resolve(name)),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), bootstrap, List.of()));
    }

    /** A's first listen address with its /p2p part, as a download's {@code from}. */
    private static String dialable(GrapevineNode node) {
        String address = node.listenAddresses().getFirst().toString();
        return address.contains("/p2p/") ? address : address + "/p2p/" + node.peerId();
    }

    private static boolean hasRoute(GrapevineNode node, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.api().url() + path))
                .header("Authorization", "Bearer " + node.api().token().value()).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() != 404;
    }

    private JsonNode runScript(String config) throws Exception {
        Path log = tmp.resolve("ui.log");
        Path out = tmp.resolve("ui.out");
        ProcessBuilder builder = new ProcessBuilder("node", "ui.mjs").directory(SCRIPT_DIR.toFile())
                .redirectOutput(out.toFile()).redirectError(log.toFile());
        builder.environment().put("GRAPEVINE_WEB_TEST", config);
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("ui.mjs finished").isTrue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        System.out.println("ui.mjs stderr:\n" + Files.readString(log, StandardCharsets.UTF_8));
        String last = stdout.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("ui.mjs printed no report: " + stdout));
        return JSON.readTree(last);
    }
}
