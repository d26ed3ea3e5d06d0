package io.grapevine.node.announce;

import static io.grapevine.node.announce.AnnounceNodes.call;
import static io.grapevine.node.announce.AnnounceNodes.json;
import static io.grapevine.node.announce.AnnounceNodes.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.content.ContentFile;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.daemon.GrapevineNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three real nodes in a line A - B - C on 127.0.0.1: what A announces, C finds through its search API. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AnnounceNetworkTest {
    @TempDir
    Path tmp;

    private final List<GrapevineNode> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
    }

    private GrapevineNode node(String name, GrapevineNode bootstrap) throws Exception {
        GrapevineNode node = AnnounceNodes.start(tmp.resolve(name), bootstrap);
        nodes.add(node);
        return node;
    }

    private List<GrapevineNode> line() throws Exception {
        GrapevineNode a = node("a", null);
        GrapevineNode b = node("b", a);
        GrapevineNode c = node("c", b);
        String topic = AnnouncementService.TOPIC;
        await().atMost(Duration.ofSeconds(30)).until(() -> b.pubsub().router().mesh(topic).size() == 2
                && a.pubsub().router().mesh(topic).size() == 1 && c.pubsub().router().mesh(topic).size() == 1);
        return List.of(a, b, c);
    }

    @Test
    void aShareIsAnnouncedFoundTwoHopsAwayAndDownloadedWithoutFrom() throws Exception {
        List<GrapevineNode> line = line();
        GrapevineNode a = line.get(0);
        GrapevineNode c = line.get(2);
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(bytes);
        Path file = java.nio.file.Files.write(tmp.resolve("sunset-timelapse.mp4"), bytes);
        HttpResponse<String> shared = call(a, "POST", "/shares", """
                {"path":"%s","title":"Sunset timelapse","tags":["sky"]}""".formatted(file.toString().replace("\\", "\\\\")));
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);
        String contentId = json(shared).get("contentId").asText();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> search(c, "sunset").get("hits").size() == 1);
        JsonNode provider = search(c, "sunset").get("hits").get(0).get("providers").get(0);
        assertThat(provider.get("peerId").asText()).isEqualTo(a.peerId().toString());
        assertThat(provider.get("addresses").toString()).as("announced by A, C never met A").contains("127.0.0.1");
        assertThat(c.host().connection(a.peerId())).isEmpty();

        HttpResponse<String> started = call(c, "POST", "/downloads", """
                {"contentId":"%s"}""".formatted(contentId));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                json(call(c, "GET", "/downloads/" + contentId, null)).get("state").asText().equals("completed"));
    }

    @Test
    void invalidAnnouncementsAreNotRelayedAndCostTheSender() throws Exception {
        List<GrapevineNode> line = line();
        GrapevineNode b = line.get(1);
        GrapevineNode c = line.get(2);
        io.grapevine.node.identity.PrivateKey malloryKey = io.grapevine.node.identity.Ed25519PrivateKey.generate();
        io.grapevine.node.p2p.host.Host mallory = new io.grapevine.node.p2p.host.Host(
                io.grapevine.node.p2p.host.HostConfig.builder(malloryKey)
                        .listen(io.grapevine.node.multiformats.Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).build());
        mallory.start();
        io.grapevine.node.pubsub.Pubsub gossip = new io.grapevine.node.pubsub.Pubsub(mallory,
                io.grapevine.node.pubsub.gossipsub.GossipsubParams.defaults()).start();
        try {
            String topic = AnnouncementService.TOPIC;
            gossip.router().setMessageIdFunction(topic, io.grapevine.node.pubsub.MessageIdFunction.SHA256_OF_DATA);
            gossip.router().subscribe(topic, m -> { });
            mallory.dial(b.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> b.pubsub().router().mesh(topic).contains(mallory.peerId()));

            // Cheap stamp, forged signature, far future: each rejected by B, none reaches C.
            io.grapevine.node.announce.proto.Announcement cheap = new AnnouncementAuthor(malloryKey, 0,
                    java.time.Clock.systemUTC()).announce(AnnounceFixtures.draft(AnnounceFixtures.contentId("cheap"), "cheap spam"));
            io.grapevine.node.announce.proto.Announcement honest = new AnnouncementAuthor(malloryKey, 8,
                    java.time.Clock.systemUTC()).announce(AnnounceFixtures.draft(AnnounceFixtures.contentId("forged"), "forged spam"));
            io.grapevine.node.announce.proto.Announcement forged = honest.toBuilder().setTitle("forged spam!").build();
            io.grapevine.node.announce.proto.Announcement future = new AnnouncementAuthor(malloryKey, 8,
                    java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(1)))
                    .announce(AnnounceFixtures.draft(AnnounceFixtures.contentId("future"), "future spam"));
            for (var bad : List.of(cheap, forged, future)) {
                gossip.router().publish(topic, AnnounceCodec.encode(bad)).get(5, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> b.feature(AnnounceFeature.class).service().validator().rejected() == 3);
            // Three invalid messages put the sender below the graylist threshold (docs/pubsub.md).
            assertThat(b.pubsub().router().scores().get(mallory.peerId())).isLessThan(-80);

            // An honest announcement from A crosses the same line; C saw none of the spam.
            line.get(0).feature(AnnounceFeature.class).service().announce(
                    AnnounceFixtures.draft(AnnounceFixtures.contentId("fine"), "Glacier lake")).get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> search(c, "glacier").get("hits").size() == 1);
            assertThat(search(c, "spam").get("hits")).isEmpty();
            assertThat(c.feature(AnnounceFeature.class).service().validator().rejected()).isZero();
        } finally {
            gossip.close();
            mallory.close();
        }
    }

    @Test
    void anAnnouncementCrossesTheLineAndARetractionRemovesIt() throws Exception {
        List<GrapevineNode> line = line();
        GrapevineNode a = line.get(0);
        GrapevineNode b = line.get(1);
        GrapevineNode c = line.get(2);

        byte[] digest = ContentIds.digest(new byte[1000], 0, 1000);
        EncodedManifest manifest = ManifestCodec.encode(1 << 20,
                List.of(new ContentFile("Holiday/Beach_Walk-2026.mp4", 1000, "video/mp4", 0)), digest);
        a.feature(AnnounceFeature.class).manifests().put(manifest);
        String contentId = manifest.id().toString();

        long started = System.nanoTime();
        HttpResponse<String> posted = call(a, "POST", "/announcements", """
                {"contentId":"%s","title":"Holiday at the beach","description":"Waves and sand.","tags":["holiday","sea"]}"""
                .formatted(contentId));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        long postedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(json(posted).get("publisher").asText()).isEqualTo(a.peerId().toString());

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> search(c, "beach").get("hits").size() == 1);
        long foundMs = (System.nanoTime() - started) / 1_000_000;
        JsonNode hit = search(c, "beach").get("hits").get(0);
        assertThat(hit.get("contentId").asText()).isEqualTo(contentId);
        assertThat(hit.get("titleHighlight").asText()).contains("<b>beach</b>");
        assertThat(hit.get("providers").get(0).get("peerId").asText()).isEqualTo(a.peerId().toString());
        assertThat(search(c, "file:walk").get("hits").size()).isEqualTo(1);
        JsonNode held = json(call(c, "GET", "/announcements/" + contentId, null));
        assertThat(held.get("files").get(0).get("path").asText()).isEqualTo("Holiday/Beach_Walk-2026.mp4");
        System.out.println("announcement found on C after " + foundMs + " ms (POST on A answered after " + postedMs + " ms)");

        // Only the publisher may retract: C is refused, A's retraction reaches C.
        assertThat(call(c, "DELETE", "/announcements/" + contentId, null).statusCode()).isEqualTo(403);
        HttpResponse<String> retracted = call(a, "DELETE", "/announcements/" + contentId, null);
        assertThat(retracted.statusCode()).as(retracted.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> search(c, "beach").get("hits").size() == 0);
        assertThat(call(c, "GET", "/announcements/" + contentId, null).statusCode()).isEqualTo(404);
        assertThat(call(b, "GET", "/announcements/" + contentId, null).statusCode()).isEqualTo(404);

        // A second item, on warm JVMs: the time a share takes to become searchable two hops away.
        EncodedManifest second = ManifestCodec.encode(1 << 20,
                List.of(new ContentFile("lecture.pdf", 1000, "application/pdf", 0)), digest);
        a.feature(AnnounceFeature.class).manifests().put(second);
        long again = System.nanoTime();
        assertThat(call(a, "POST", "/announcements", """
                {"contentId":"%s","title":"Lecture notes on gossip","priceSats":1500,"payout":"bc1qexample"}"""
                .formatted(second.id())).statusCode()).isEqualTo(201);
        long secondPostedMs = (System.nanoTime() - again) / 1_000_000;
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> search(c, "lecture").get("hits").size() == 1);
        System.out.println("second announcement found on C after " + (System.nanoTime() - again) / 1_000_000
                + " ms (POST answered after " + secondPostedMs + " ms)");
        assertThat(search(c, "gossip").get("hits").get(0).get("priceSats").asLong()).isEqualTo(1500);
        HttpResponse<String> paidOnly = call(c, "GET", "/search?q=*&paid=true&facets=true", null);
        assertThat(json(paidOnly).get("hits").size()).isEqualTo(1);
        assertThat(json(paidOnly).get("facets").get("price").get("paid").asLong()).isEqualTo(1);
        assertThat(json(call(c, "GET", "/search?q=*&free=true", null)).get("hits").size()).isZero();
    }
}
