package io.grapevine.node.api.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.announce.AnnouncementDraft;
import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.daemon.NodeConfig;
import io.grapevine.node.daemon.NodeHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The search routes' answers to good and bad requests: bad ones get a 400 naming the problem, never a stack trace. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SearchRoutesTest {
    @TempDir
    static Path tmp;

    private GrapevineNode node;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        NodeHome home = new NodeHome(tmp.resolve("n"));
        home.ensureExists();
        NodeConfig.defaults().withAnnounceDifficulty(4).save(home.configFile());
        node = GrapevineNode.start(home, new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(), List.of()));
        AnnounceFeature feature = node.feature(AnnounceFeature.class);
        for (int i = 0; i < 3; i++) {
            feature.service().announce(new AnnouncementDraft(ContentIds.manifestId(new byte[] {(byte) i}),
                    "Mountain hike part " + i, "Snow and rocks", List.of("outdoor"),
                    List.of(AnnouncedFile.newBuilder().setPath("hike" + i + ".mkv").setSize(100L << (10 * i))
                            .setMediaType(i == 2 ? "audio/ogg" : "video/x-matroska").build()),
                    1, 100L << (10 * i), i == 1 ? 500 : 0, i == 1 ? "bc1qexample" : "")).get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> feature.search().size() == 3);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.api().url() + "/api/v1" + path))
                .header("Authorization", "Bearer " + node.api().token().value()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.api().url() + "/api/v1" + path))
                .header("Authorization", "Bearer " + node.api().token().value())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void refused(HttpResponse<String> response, int status, String code, String inMessage) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = ApiJson.MAPPER.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(inMessage).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiJson.MAPPER.readTree(response.body());
    }

    @Test
    void filtersSortsFacetsAndPages() throws Exception {
        assertThat(ok("/search?q=hike").get("hits")).hasSize(3);
        assertThat(ok("/search?q=hike&paid=true").get("hits")).hasSize(1);
        assertThat(ok("/search?q=hike&mediaType=audio").get("hits").get(0).get("title").asText()).endsWith("2");
        assertThat(ok("/search?q=hike&minSize=1000&maxSize=200000").get("hits")).hasSize(1);
        assertThat(ok("/search?q=hike&sort=largest").get("hits").get(0).get("totalSize").asLong()).isEqualTo(100L << 20);
        assertThat(ok("/search?q=*&publisher=" + node.peerId()).get("hits")).hasSize(3);
        assertThat(ok("/search?q=*&publisher=12D3KooWother").get("hits")).isEmpty();
        assertThat(ok("/search?q=*&since=2000-01-01T00:00:00Z&until=" + (System.currentTimeMillis() + 60_000)).get("hits")).hasSize(3);
        assertThat(ok("/search?q=*&until=2000-01-01T00:00:00Z").get("hits")).isEmpty();
        JsonNode faceted = ok("/search?q=hike&facets=true");
        assertThat(faceted.get("facets").get("price").get("free").asLong()).isEqualTo(2);
        JsonNode first = ok("/search?q=hike&limit=2&sort=newest");
        assertThat(first.get("hits")).hasSize(2);
        String cursor = first.get("nextCursor").asText();
        JsonNode second = ok("/search?q=hike&limit=2&sort=newest&cursor=" + java.net.URLEncoder.encode(cursor, "UTF-8"));
        assertThat(second.get("hits")).hasSize(1);
    }

    @Test
    void badQueriesAndParametersAre400WithAReason() throws Exception {
        refused(get("/search?q=title:(unclosed"), 400, "bad_query", "invalid query");
        refused(get("/search?q=*hike"), 400, "bad_query", "");
        refused(get("/search?q=nosuchfield:x"), 400, "bad_query", "");
        refused(get("/search?q=hike&offset=5000"), 400, "bad_query", "");
        refused(get("/search?q=hike&cursor=garbage"), 400, "bad_query", "");
        refused(get("/search?q=hike&limit=0"), 400, "bad_parameter", "limit");
        refused(get("/search?q=hike&limit=101"), 400, "bad_parameter", "limit");
        refused(get("/search?q=hike&minSize=big"), 400, "bad_parameter", "minSize");
        refused(get("/search?q=hike&sort=random"), 400, "bad_parameter", "sort");
        refused(get("/search?q=hike&free=true&paid=true"), 400, "bad_parameter", "free");
        refused(get("/search?q=hike&since=yesterday"), 400, "bad_parameter", "since");
        refused(get("/search?q=" + "a".repeat(600)), 400, "bad_query", "");
    }

    @Test
    void announcementRoutesAnswer404And400() throws Exception {
        refused(get("/announcements/not-a-cid"), 400, "bad_parameter", "contentId");
        String unknown = ContentIds.manifestId(new byte[] {9, 9}).toString();
        refused(get("/announcements/" + unknown), 404, "not_found", unknown);
        refused(post("/announcements", "{not json"), 400, "bad_request", "JSON");
        refused(post("/announcements", "{\"title\":\"x\"}"), 400, "bad_parameter", "contentId");
        refused(post("/announcements", "{\"contentId\":\"" + unknown + "\",\"title\":\"x\"}"), 404, "not_found", "not stored");
        String held = ContentIds.manifestId(new byte[] {0}).toString();
        JsonNode announcement = ok("/announcements/" + held);
        assertThat(announcement.get("title").asText()).isEqualTo("Mountain hike part 0");
        assertThat(announcement.get("stampDifficulty").asInt()).isEqualTo(4);
    }
}
