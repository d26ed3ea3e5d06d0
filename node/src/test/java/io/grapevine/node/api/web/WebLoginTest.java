package io.grapevine.node.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.node.api.ApiBinding;
import io.grapevine.node.api.ApiFiles;
import io.grapevine.node.api.ApiServer;
import io.grapevine.node.api.NodeRoutes;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The web login and the cookie/CSRF rules, over real HTTP against a real API server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebLoginTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Host host;
    private ApiServer api;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).build());
        host.start();
        api = ApiServer.start(ApiBinding.loopback(), new ApiFiles(tmp), "test", List.of(new NodeRoutes(host, Instant.now())));
    }

    @AfterEach
    void stop() {
        api.close();
        host.close();
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login() throws Exception {
        HttpResponse<String> response = send("GET", "/?token=" + api.token().value(), Map.of());
        assertThat(response.statusCode()).isEqualTo(303);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private String errorCode(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error").path("code").asText();
    }

    @Test
    void tokenUrlSetsAnHttpOnlyStrictCookieHoldingASessionNotTheTokenAndRedirectsHome() throws Exception {
        HttpResponse<String> response = send("GET", "/?token=" + api.token().value(), Map.of());
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/")
                .doesNotContain("token"));
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("grapevine-session-" + api.port() + "=")
                .contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/")
                .doesNotContain(api.token().value());
        assertThat(api.webUrl()).isEqualTo(api.url() + "/?token=" + api.token().value());

        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> home = send("GET", "/", Map.of("Cookie", cookie));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
        assertThat(send("GET", "/api/v1/status", Map.of("Cookie", cookie)).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/ui/pages/status.js", Map.of("Cookie", cookie)).headers()
                .firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    }

    @Test
    void withoutALoginOnlyTheLandingPageAndItsStyleSheetAreServed() throws Exception {
        HttpResponse<String> landing = send("GET", "/", Map.of());
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.body()).contains("web:").doesNotContain("app.js");
        assertThat(send("GET", "/ui/style.css", Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/ui/app.js", Map.of()).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/status", Map.of()).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/status", Map.of("Cookie", "grapevine-session-" + api.port() + "=" + "ab".repeat(32)))
                .statusCode()).isEqualTo(401);

        HttpResponse<String> wrong = send("GET", "/?token=" + "0".repeat(64), Map.of());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse<String> response : List.of(send("GET", "/", Map.of()), send("GET", "/api/v1/peers", Map.of()),
                send("GET", "/?token=" + api.token().value(), Map.of()))) {
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
    }

    @Test
    void cookieWritesNeedOurOriginAndTheSessionsCsrfToken() throws Exception {
        String cookie = login();
        String origin = api.url();
        JsonNode session = JSON.readTree(send("GET", "/api/v1/session", Map.of("Cookie", cookie)).body());
        assertThat(session.path("authenticatedBy").asText()).isEqualTo("cookie");
        String csrf = session.path("csrfToken").asText();
        assertThat(csrf).hasSize(64).isNotEqualTo(api.token().value());

        HttpResponse<String> noOrigin = send("POST", "/api/v1/downloads", Map.of("Cookie", cookie, WebAuth.CSRF_HEADER, csrf));
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        assertThat(errorCode(noOrigin)).isEqualTo("cross_site_request");

        HttpResponse<String> otherPort = send("POST", "/api/v1/downloads", Map.of("Cookie", cookie,
                "Origin", "http://127.0.0.1:1", WebAuth.CSRF_HEADER, csrf));
        assertThat(otherPort.statusCode()).isEqualTo(403);
        assertThat(errorCode(otherPort)).isEqualTo("cross_site_request");

        HttpResponse<String> noCsrf = send("POST", "/api/v1/downloads", Map.of("Cookie", cookie, "Origin", origin));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(errorCode(noCsrf)).isEqualTo("csrf_token_missing");

        HttpResponse<String> wrongCsrf = send("POST", "/api/v1/downloads", Map.of("Cookie", cookie, "Origin", origin,
                WebAuth.CSRF_HEADER, "f".repeat(64)));
        assertThat(errorCode(wrongCsrf)).isEqualTo("csrf_token_missing");

        HttpResponse<String> sameSite = send("GET", "/api/v1/status", Map.of("Cookie", cookie, "Sec-Fetch-Site", "same-site"));
        assertThat(sameSite.statusCode()).isEqualTo(403);
        assertThat(errorCode(sameSite)).isEqualTo("cross_site_request");

        // Past the guard: the route itself answers (no downloads route on this bare server).
        HttpResponse<String> allowed = send("POST", "/api/v1/downloads", Map.of("Cookie", cookie, "Origin", origin,
                WebAuth.CSRF_HEADER, csrf, "Sec-Fetch-Site", "same-origin"));
        assertThat(errorCode(allowed)).isIn("not_found", "method_not_allowed");
    }

    @Test
    void bearerCallsNeedNoCsrfAndLogoutEndsTheCookieSession() throws Exception {
        HttpResponse<String> bearer = send("POST", "/api/v1/downloads", Map.of("Authorization", "Bearer " + api.token().value()));
        assertThat(errorCode(bearer)).isIn("not_found", "method_not_allowed");
        JsonNode session = JSON.readTree(send("GET", "/api/v1/session",
                Map.of("Authorization", "Bearer " + api.token().value())).body());
        assertThat(session.path("authenticatedBy").asText()).isEqualTo("bearer");
        assertThat(session.path("csrfToken").isNull()).isTrue();

        String cookie = login();
        String csrf = JSON.readTree(send("GET", "/api/v1/session", Map.of("Cookie", cookie)).body()).path("csrfToken").asText();
        HttpResponse<String> logout = send("DELETE", "/api/v1/session", Map.of("Cookie", cookie, "Origin", api.url(),
                WebAuth.CSRF_HEADER, csrf));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(send("GET", "/api/v1/status", Map.of("Cookie", cookie)).statusCode()).isEqualTo(401);
    }

    @Test
    void assetNamesCannotLeaveTheWebFolder() throws Exception {
        String cookie = login();
        for (String path : List.of("/ui/nope.js", "/ui/Index.HTML", "/ui/..%2Fapi%2Fv1%2Fstatus", "/ui/.%2e/web/index.html",
                "/ui/io/grapevine/node/api/ApiServer.class", "/ui/%2e%2e/%2e%2e/etc/passwd")) {
            HttpResponse<String> response = send("GET", path, Map.of("Cookie", cookie));
            assertThat(response.statusCode()).as(path).isIn(400, 404);
        }
    }

    @Test
    void sessionsAreBounded() {
        WebSessions sessions = new WebSessions();
        WebSession first = sessions.create();
        for (int i = 0; i < WebSessions.MAX_SESSIONS; i++) sessions.create();
        assertThat(sessions.size()).isEqualTo(WebSessions.MAX_SESSIONS);
        assertThat(sessions.find(first.id())).isEmpty();
        assertThat(sessions.find("short")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }
}
