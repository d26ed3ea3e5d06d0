package io.grapevine.node.announce;

import static io.grapevine.node.announce.AnnounceNodes.call;
import static io.grapevine.node.announce.AnnounceNodes.json;
import static io.grapevine.node.announce.AnnounceNodes.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.daemon.SyncFeature;
import io.grapevine.node.storage.AnnouncementStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's proof on real nodes in a line A - B - C - D - E on 127.0.0.1: a share on A is found and downloaded on E
 * (four hops, no {@code from}); a fresh E joining D after A announced 1,000 items catches all of them up by sync.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CatchUpNetworkTest {
    private static final int ITEMS = 1_000;

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

    private static long counter(GrapevineNode node, String name, String tag, String value) {
        MeterRegistry registry = node.metrics().registry();
        return registry.find(name).tag("set", SyncFeature.ANNOUNCE_SET).tag(tag, value).counters().stream()
                .mapToLong(c -> (long) c.count()).sum();
    }

    @Test
    void aShareCrossesFourHopsAndAFreshNodeCatchesUpAThousandItems() throws Exception {
        GrapevineNode a = node("a", null);
        GrapevineNode b = node("b", a);
        GrapevineNode c = node("c", b);
        GrapevineNode d = node("d", c);
        GrapevineNode e = node("e", d);
        String topic = AnnouncementService.TOPIC;
        await().atMost(Duration.ofSeconds(30)).until(() -> a.pubsub().router().mesh(topic).size() == 1
                && b.pubsub().router().mesh(topic).size() == 2 && c.pubsub().router().mesh(topic).size() == 2
                && d.pubsub().router().mesh(topic).size() == 2 && e.pubsub().router().mesh(topic).size() == 1);

        // (a) A shares; E finds it within 5 s and downloads it from A with no "from".
        byte[] bytes = new byte[1024 * 1024 + 5];
        new Random(5).nextBytes(bytes);
        Path file = Files.write(tmp.resolve("river-delta-survey.bin"), bytes);
        long posted = System.nanoTime();
        HttpResponse<String> shared = call(a, "POST", "/shares", """
                {"path":"%s","title":"River delta survey","tags":["maps"]}""".formatted(file.toString().replace("\\", "\\\\")));
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);
        String contentId = json(shared).get("contentId").asText();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> search(e, "delta").get("hits").size() == 1);
        System.out.println("CATCHUP share found on E (4 hops) " + (System.nanoTime() - posted) / 1_000_000
                + " ms after the POST on A");
        assertThat(e.host().connection(a.peerId())).isEmpty();
        HttpResponse<String> started = call(e, "POST", "/downloads", """
                {"contentId":"%s"}""".formatted(contentId));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                json(call(e, "GET", "/downloads/" + contentId, null)).get("state").asText().equals("completed"));
        JsonNode download = json(call(e, "GET", "/downloads/" + contentId, null));
        Path got = Path.of(download.get("outputDir").asText()).resolve(download.get("files").get(0).asText());
        assertThat(Files.readAllBytes(got)).isEqualTo(bytes);

        // (b) E goes away; A announces 1,000 items, which gossip carries to D.
        nodes.remove(e);
        e.close();
        AnnouncementService service = a.feature(AnnounceFeature.class).service();
        long announcing = System.nanoTime();
        List<CompletableFuture<?>> announced = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            announced.add(service.announce(AnnounceFixtures.draft(AnnounceFixtures.contentId("item-" + i),
                    "Field recording " + i)));
            if (announced.size() == 50) {
                // the stamper's queue is bounded (100): keep within it
                CompletableFuture.allOf(announced.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                announced.clear();
            }
        }
        CompletableFuture.allOf(announced.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long announcedMs = (System.nanoTime() - announcing) / 1_000_000;
        AnnouncementSyncStore dSet = d.feature(AnnounceFeature.class).syncStore();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> dSet.size() == ITEMS + 1);
        System.out.println("CATCHUP " + ITEMS + " announced on A in " + announcedMs + " ms, on D after "
                + (System.nanoTime() - announcing) / 1_000_000 + " ms");
        long raw = rawBytes(d.feature(AnnounceFeature.class).service().store());

        // A fresh node joins D: it syncs on connect and catches up everything.
        long joining = System.nanoTime();
        GrapevineNode fresh = node("e2", d);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> search(fresh, "recording").get("totalHits").asLong() == ITEMS);
        long caughtUpMs = (System.nanoTime() - joining) / 1_000_000;
        assertThat(search(fresh, "delta").get("hits").size()).isEqualTo(1);
        assertThat(fresh.feature(AnnounceFeature.class).syncStore().size()).isEqualTo(ITEMS + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> counter(fresh, "grapevine.sync.sessions", "role", "initiator") >= 1);
        long received = counter(fresh, "grapevine.sync.records", "outcome", "received");
        long in = counter(fresh, "grapevine.sync.bytes", "direction", "in");
        long out = counter(fresh, "grapevine.sync.bytes", "direction", "out");
        System.out.printf("CATCHUP fresh E caught up %d records in %d ms (node start included): %d bytes in, %d out, "
                + "%.3fx the %d raw record bytes%n", received, caughtUpMs, in, out, (double) (in + out) / raw, raw);
        assertThat(received).isEqualTo(ITEMS + 1);
        assertThat(in + out).isLessThanOrEqualTo(raw * 3 / 2);
        assertThat(counter(d, "grapevine.sync.sessions", "role", "responder")).isGreaterThanOrEqualTo(1);
        // providers come with the records: E can name A for an item it only learned by sync
        assertThat(fresh.feature(AnnounceFeature.class).providers()
                .providerIds(AnnounceFixtures.contentId("item-7"))).containsExactly(a.peerId());
    }

    private static long rawBytes(AnnouncementStore store) {
        long bytes = 0;
        long time = 0;
        byte[] after = null;
        for (List<AnnouncementStore.Entry> page; !(page = store.range(time, after, 1_000)).isEmpty(); ) {
            for (AnnouncementStore.Entry entry : page) bytes += entry.data().length;
            time = page.getLast().time();
            after = page.getLast().id();
        }
        return bytes;
    }
}
