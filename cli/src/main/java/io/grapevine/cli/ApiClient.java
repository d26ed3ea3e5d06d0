package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.node.api.ApiFiles;
import io.grapevine.node.daemon.NodeHome;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;

/**
 * Talks to the running node through its HTTP API, found in the home folder ({@code api} and {@code api-token}).
 * Failures are {@link ApiClient.Failure}s whose message is one line a person can act on.
 */
public final class ApiClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    private ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message);
        }
    }

    public static ApiClient forHome(NodeHome home) {
        ApiFiles files = new ApiFiles(home.dir());
        try {
            String url = Files.readString(files.urlFile()).trim();
            String token = Files.readString(files.tokenFile()).trim();
            return new ApiClient(URI.create(url.endsWith("/") ? url : url + "/"), token);
        } catch (NoSuchFileException e) {
            throw notRunning(home);
        } catch (IOException | IllegalArgumentException e) {
            throw new Failure("cannot read the node's API files in " + home.dir() + ": " + e.getMessage());
        }
    }

    /** GETs {@code /api/v1/<path>} and returns the JSON body, or fails with the server's error message. */
    public JsonNode get(String path, NodeHome home) {
        return send("GET", path, null, home, TIMEOUT);
    }

    /** POSTs {@code body} as JSON to {@code /api/v1/<path>}; like {@link #get}. */
    public JsonNode post(String path, Object body, NodeHome home) {
        return send("POST", path, body, home, TIMEOUT);
    }

    /** As {@link #post}, for calls that take as long as their work (sharing reads and hashes every byte). */
    public JsonNode post(String path, Object body, NodeHome home, Duration timeout) {
        return send("POST", path, body, home, timeout);
    }

    /** GETs a text resource (e.g. a denylist export); fails like {@link #get}. */
    String getText(String path, NodeHome home) {
        return exchange("GET", path, HttpRequest.BodyPublishers.noBody(), "application/json", home, TIMEOUT).body();
    }

    /** POSTs {@code text} as text/plain and returns the JSON answer (e.g. a denylist import). */
    JsonNode postText(String path, String text, NodeHome home) {
        return json(exchange("POST", path, HttpRequest.BodyPublishers.ofString(text), "text/plain; charset=utf-8",
                home, TIMEOUT));
    }

    private JsonNode send(String method, String path, Object request, NodeHome home, Duration timeout) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = request == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(request));
        } catch (IOException e) {
            throw new Failure("cannot encode the request: " + e.getMessage());
        }
        return json(exchange(method, path, publisher, "application/json", home, timeout));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new Failure("the node answered HTTP " + response.statusCode() + " with a body that is not JSON");
        }
    }

    /** Sends the request; a non-2xx answer becomes a Failure carrying the server's error message and code. */
    private HttpResponse<String> exchange(String method, String path, HttpRequest.BodyPublisher publisher,
                                          String contentType, NodeHome home, Duration timeout) {
        HttpRequest httpRequest = HttpRequest.newBuilder(base.resolve("api/v1/" + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", contentType)
                .method(method, publisher).build();
        HttpResponse<String> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw notRunning(home);
        } catch (IOException e) {
            throw new Failure("cannot reach the node at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            JsonNode error = json(response).path("error");
            throw new Failure(error.path("message").asText("HTTP " + response.statusCode())
                    + " (" + error.path("code").asText("http_" + response.statusCode()) + ")");
        }
        return response;
    }

    private static Failure notRunning(NodeHome home) {
        return new Failure("no node is running with home " + home.dir() + " (start one with: grapevine node --home "
                + home.dir() + ")");
    }
}
