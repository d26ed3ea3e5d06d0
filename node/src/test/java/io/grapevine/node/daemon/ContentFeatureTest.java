package io.grapevine.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.storage.ManifestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Share and get end to end through running nodes and their HTTP API, on 127.0.0.1 in temporary homes. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ContentFeatureTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final Random random = new Random(42);

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private NodeApi node(String name) throws Exception {
        GrapevineNode node = GrapevineNode.start(new NodeHome(tmp.resolve(name)),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(), List.of()));
        open.add(node);
        return new NodeApi(node);
    }

    private Path file(String name, int size) throws Exception {
        byte[] data = new byte[size];
        random.nextBytes(data);
        Path p = tmp.resolve("src").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    private static String address(NodeApi n) {
        return n.node().listenAddresses().getFirst().toString();
    }

    private static JsonNode share(NodeApi n, Path path) throws Exception {
        return n.ok("POST", "shares", Map.of("path", path.toString(), "title", "t", "tags", List.of("Test", "x")));
    }

    private static JsonNode get(NodeApi n, String id, List<NodeApi> from, String out) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("contentId", id);
        body.put("from", from.stream().map(ContentFeatureTest::address).toList());
        if (out != null) body.put("out", out);
        return n.ok("POST", "downloads", body);
    }

    private static JsonNode awaitState(NodeApi n, String id, String state) {
        JsonNode[] last = new JsonNode[1];
        try {
            awaitState(n, id, state, last);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("download not " + state + " in time; last seen: " + last[0], e);
        }
        return last[0];
    }

    private static void awaitState(NodeApi n, String id, String state, JsonNode[] last) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = n.ok("GET", "downloads/" + id, null);
            String s = last[0].path("state").asText();
            if (!s.equals(state) && (s.equals("failed") || s.equals("completed"))) {
                throw new AssertionError("download ended " + s + ": " + last[0]);
            }
            return s.equals(state);
        });
    }

    @Test
    void aFileSharedOnOneNodeIsFetchedByAnotherThroughTheApi() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        Path source = file("movie.mkv", 3 * MIB + 12345);
        JsonNode shared = share(a, source);
        String id = shared.path("contentId").asText();
        assertThat(shared.path("title").asText()).isEqualTo("t");
        assertThat(shared.path("tags").toString()).isEqualTo("[\"test\",\"x\"]");
        assertThat(shared.path("totalSize").asLong()).isEqualTo(Files.size(source));
        assertThat(shared.path("files").get(0).path("path").asText()).isEqualTo("movie.mkv");
        assertThat(a.ok("GET", "shares", null).path("shares").get(0).path("contentId").asText()).isEqualTo(id);

        JsonNode started = get(b, id, List.of(a), null);
        assertThat(started.path("contentId").asText()).isEqualTo(id);
        JsonNode done = awaitState(b, id, "completed");
        assertThat(done.path("verifiedBytes").asLong()).isEqualTo(Files.size(source));
        assertThat(done.path("chunks").path("verified").asInt()).isEqualTo(4);
        Path written = Path.of(done.path("files").get(0).asText());
        assertThat(written).isEqualTo(b.node().home().dir().resolve("downloads/movie.mkv"));
        assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(source));
        assertThat(b.ok("GET", "downloads", null).path("downloads").get(0).path("state").asText()).isEqualTo("completed");
        // A second start of the same running download conflicts; a finished one may be fetched again.
        assertThat(b.call("GET", "downloads/" + id + "/nothing", null).status()).isEqualTo(404);
    }

    @Test
    void aShareInProgressReportsItsBytesUntilItIsStored() throws Exception {
        NodeApi a = node("a");
        Path big = file("big.bin", 96 * MIB);
        var sharing = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return share(a, big);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        JsonNode seen = null;
        for (int i = 0; i < 20_000 && !sharing.isDone() && seen == null; i++) {
            for (JsonNode s : a.ok("GET", "shares/progress", null).path("shares")) {
                if (s.path("path").asText().equals(big.toString()) && s.path("hashedBytes").asLong() > 0) seen = s;
            }
            Thread.sleep(2);
        }
        assertThat(seen).as("an in-progress entry while the share was read").isNotNull();
        assertThat(seen.path("totalBytes").asLong()).isEqualTo(96L * MIB);
        assertThat(seen.path("hashedBytes").asLong()).isBetween(1L, 96L * MIB);
        sharing.get(120, TimeUnit.SECONDS);
        assertThat(a.ok("GET", "shares/progress", null).path("shares")).isEmpty();
    }

    @Test
    void aCompletedDownloadIsStillListedAfterARestart() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        String id = share(a, file("kept.bin", 3 * MIB)).path("contentId").asText();
        get(b, id, List.of(a), null);
        JsonNode done = awaitState(b, id, "completed");
        b.node().close();
        open.remove(b.node());

        NodeApi again = node("b");
        JsonNode listed = again.ok("GET", "downloads/" + id, null);
        assertThat(listed.path("state").asText()).isEqualTo("completed");
        assertThat(listed.path("verifiedBytes").asLong()).isEqualTo(3L * MIB);
        assertThat(listed.path("files")).isEqualTo(done.path("files"));
        assertThat(again.ok("GET", "downloads", null).path("downloads")).hasSize(1);
    }

    @Test
    void shareListenersHearOfEachShare() throws Exception {
        NodeApi a = node("a");
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.node().feature(ContentFeature.class).addShareListener(r -> heard.add(r.contentId() + " " + r.title()));
        String id = share(a, file("one.bin", 1000)).path("contentId").asText();
        assertThat(heard).containsExactly(id + " t");
    }

    @Test
    void threeSeedersServeOneLeecher() throws Exception {
        List<NodeApi> seeders = List.of(node("s1"), node("s2"), node("s3"));
        NodeApi leecher = node("leecher");
        Path source = file("big.bin", 12 * MIB);
        String id = null;
        for (NodeApi s : seeders) {
            // Paced, so the transfer lasts longer than the slowest seeder's dial and have-map on a loaded machine.
            s.ok("PUT", "settings", Map.of("rateLimits", Map.of("uploadBytesPerSecond", MIB)));
            String sid = share(s, source).path("contentId").asText();
            assertThat(id == null || id.equals(sid)).isTrue();
            id = sid;
        }
        get(leecher, id, seeders, null);
        JsonNode done = awaitState(leecher, id, "completed");
        assertThat(Files.readAllBytes(Path.of(done.path("files").get(0).asText())))
                .isEqualTo(Files.readAllBytes(source));
        Map<String, Integer> byPeer = new java.util.TreeMap<>();
        done.path("chunksByPeer").fields().forEachRemaining(e -> byPeer.put(e.getKey(), e.getValue().asInt()));
        assertThat(byPeer.keySet()).containsExactlyInAnyOrderElementsOf(
                seeders.stream().map(s -> s.node().peerId().toString()).toList());
        assertThat(byPeer.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
    }

    @Test
    void aFolderShareKeepsItsNestedLayout() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        Path folder = tmp.resolve("src/album");
        Files.createDirectories(folder.resolve("disc 1/extras"));
        Files.writeString(folder.resolve("cover.txt"), "cover");
        Files.write(folder.resolve("disc 1/track.bin"), new byte[MIB + 7]);
        Files.writeString(folder.resolve("disc 1/extras/notes.md"), "# notes");
        Files.write(folder.resolve("empty"), new byte[0]);
        JsonNode shared = share(a, folder);
        assertThat(shared.path("files")).hasSize(4);
        String id = shared.path("contentId").asText();
        get(b, id, List.of(a), "music");
        awaitState(b, id, "completed");
        Path out = b.node().home().dir().resolve("downloads/music/album");
        assertThat(Files.readString(out.resolve("cover.txt"))).isEqualTo("cover");
        assertThat(Files.size(out.resolve("disc 1/track.bin"))).isEqualTo(MIB + 7);
        assertThat(Files.readString(out.resolve("disc 1/extras/notes.md"))).isEqualTo("# notes");
        assertThat(Files.size(out.resolve("empty"))).isZero();
    }

    @Test
    void badRequestsNameTheField() throws Exception {
        NodeApi a = node("a");
        String id = share(a, file("f.bin", 100)).path("contentId").asText();
        assertBad(a.call("POST", "shares", Map.of("title", "x")), "path");
        assertBad(a.call("POST", "shares", Map.of("path", tmp.resolve("missing").toString())), "path");
        assertBad(a.call("POST", "shares", Map.of("path", "relative/path")), "path");
        assertBad(a.call("POST", "shares", Map.of("path", tmp.toString(), "tags", "notalist")), "tags");
        assertBad(a.call("POST", "shares", Map.of("path", tmp.toString(), "priceSats", 10)), "payout");
        assertThat(a.call("POST", "shares", "{not json").status()).isEqualTo(400);
        assertBad(a.call("POST", "downloads", Map.of("contentId", "nonsense", "from", List.of())), "contentId");
        String chunkId = ContentIds.chunkId(new byte[] {1}).toString();
        assertBad(a.call("POST", "downloads", Map.of("contentId", chunkId)), "contentId");
        assertBad(a.call("POST", "downloads", Map.of("contentId", id, "from", List.of("/ip4/127.0.0.1/tcp/1"))), "from");
        assertBad(a.call("POST", "downloads", Map.of("contentId", id)), "from");
        assertThat(a.call("GET", "downloads/" + id, null).status()).isEqualTo(404);
        assertThat(a.call("POST", "downloads/" + id + "/pause", null).status()).isEqualTo(404);
        assertBad(a.call("GET", "downloads/nonsense", null), "contentId");
        assertThat(a.call("GET", "downloads/" + id + "/events", null).status()).isEqualTo(404);
    }

    @Test
    void anOutFolderCannotLeaveTheDownloadFolder() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        String id = share(a, file("f.bin", 100)).path("contentId").asText();
        for (String out : List.of("../escape", "..", "/tmp/abs", "a/../../b", "sub/..", "C:evil")) {
            Map<String, Object> body = Map.of("contentId", id, "from", List.of(address(a)), "out", out);
            assertBad(b.call("POST", "downloads", body), "out");
        }
        assertThat(b.ok("GET", "downloads", null).path("downloads")).isEmpty();
        assertThat(Files.exists(b.node().home().dir().resolve("escape"))).isFalse();
        // A nested subfolder is fine.
        get(b, id, List.of(a), "x/y");
        awaitState(b, id, "completed");
        assertThat(Files.size(b.node().home().dir().resolve("downloads/x/y/f.bin"))).isEqualTo(100);
    }

    @Test
    void pauseResumeAndCancelThroughTheApi() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        a.ok("PUT", "settings", Map.of("rateLimits", Map.of("uploadBytesPerSecond", MIB)));
        String id = share(a, file("slow.bin", 6 * MIB)).path("contentId").asText();
        get(b, id, List.of(a), null);
        assertThat(b.call("POST", "downloads", Map.of("contentId", id, "from", List.of(address(a)))).status())
                .isEqualTo(409);
        assertThat(b.ok("POST", "downloads/" + id + "/pause", null).path("state").asText()).isEqualTo("paused");
        assertThat(b.call("POST", "downloads/" + id + "/pause", null).status()).isEqualTo(409);
        assertThat(b.ok("POST", "downloads/" + id + "/resume", null).path("state").asText()).isEqualTo("running");
        assertThat(b.ok("POST", "downloads/" + id + "/cancel", null).path("state").asText()).isEqualTo("cancelled");
        assertThat(b.call("POST", "downloads/" + id + "/resume", null).status()).isEqualTo(409);
        assertThat(Files.exists(b.node().home().dir().resolve("downloads/slow.bin"))).isFalse();
        // Started again after a cancel, it completes.
        get(b, id, List.of(a), null);
        awaitState(b, id, "completed");
        assertThat(Files.size(b.node().home().dir().resolve("downloads/slow.bin"))).isEqualTo(6 * MIB);
    }

    @Test
    void serverSentEventsReportProgressTo100Percent() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        a.ok("PUT", "settings", Map.of("rateLimits", Map.of("uploadBytesPerSecond", 2 * MIB)));
        Path source = file("sse.bin", 4 * MIB);
        String id = share(a, source).path("contentId").asText();
        get(b, id, List.of(a), null);
        List<JsonNode> events;
        try (var lines = b.events("downloads/" + id + "/events")) {
            events = lines.filter(l -> l.startsWith("data: ")).map(l -> {
                try {
                    return NodeApi.JSON.readTree(l.substring(6));
                } catch (Exception e) {
                    throw new AssertionError(l, e);
                }
            }).collect(Collectors.toList());
        }
        assertThat(events.size()).isGreaterThan(1);
        JsonNode last = events.getLast();
        assertThat(last.path("state").asText()).isEqualTo("completed");
        assertThat(last.path("verifiedBytes").asLong()).isEqualTo(last.path("totalBytes").asLong())
                .isEqualTo(Files.size(source));
        long previous = -1;
        for (JsonNode e : events) {
            assertThat(e.path("verifiedBytes").asLong()).isGreaterThanOrEqualTo(previous);
            previous = e.path("verifiedBytes").asLong();
        }
    }

    @Test
    void aDownloadRateLimitSlowsTheTransfer() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        JsonNode settings = b.ok("PUT", "settings", Map.of("rateLimits", Map.of("downloadBytesPerSecond", MIB)));
        assertThat(settings.path("rateLimits").path("downloadBytesPerSecond").asLong()).isEqualTo(MIB);
        assertThat(Files.readString(b.node().home().configFile())).contains("\"downloadBytesPerSecond\" : " + MIB);
        String id = share(a, file("limited.bin", 4 * MIB)).path("contentId").asText();
        long started = System.nanoTime();
        get(b, id, List.of(a), null);
        awaitState(b, id, "completed");
        double seconds = (System.nanoTime() - started) / 1e9;
        // 4 MiB at 1 MiB/s with a quarter-second burst and one chunk of debt: at least ~2.75 s.
        assertThat(seconds).isGreaterThan(2.5);
    }

    @Test
    void anUploadRateLimitOnTheSeederSlowsTheTransfer() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        a.ok("PUT", "settings", Map.of("rateLimits", Map.of("perPeerUploadBytesPerSecond", MIB)));
        String id = share(a, file("paced.bin", 4 * MIB)).path("contentId").asText();
        long started = System.nanoTime();
        get(b, id, List.of(a), null);
        awaitState(b, id, "completed");
        assertThat((System.nanoTime() - started) / 1e9).isGreaterThan(2.5);
        assertThat(Files.size(b.node().home().dir().resolve("downloads/paced.bin"))).isEqualTo(4 * MIB);
    }

    @Test
    void settingsAreValidatedWithTheFieldNamed() throws Exception {
        NodeApi a = node("a");
        assertBad(a.call("PUT", "settings", Map.of("maxUploads", 0)), "maxUploads");
        assertBad(a.call("PUT", "settings", Map.of("quotaBytes", -1)), "quotaBytes");
        assertBad(a.call("PUT", "settings", Map.of("quotaBytes", "big")), "quotaBytes");
        assertBad(a.call("PUT", "settings", Map.of("rateLimits", Map.of("uploadBytesPerSecond", 5))),
                "rateLimits.uploadBytesPerSecond");
        assertBad(a.call("PUT", "settings", Map.of("rateLimits", Map.of("sideways", 5))), "rateLimits.sideways");
        assertBad(a.call("PUT", "settings", Map.of("bogus", 1)), "bogus");
        JsonNode s = a.ok("PUT", "settings", Map.of("maxUploads", 3, "quotaBytes", 1_000_000));
        assertThat(s.path("maxUploads").asInt()).isEqualTo(3);
        JsonNode read = a.ok("GET", "settings", null);
        assertThat(read.path("quotaBytes").asLong()).isEqualTo(1_000_000);
        assertThat(read.path("rateLimits").path("uploadBytesPerSecond").asLong()).isZero();
    }

    @Test
    void quotaCollectionRemovesUnpinnedChunksOnly() throws Exception {
        NodeApi a = node("a");
        ContentFeature content = a.node().feature(ContentFeature.class);
        String id = share(a, file("kept.bin", 2 * MIB + 5)).path("contentId").asText();
        List<Cid> loose = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] chunk = new byte[100_000];
            random.nextBytes(chunk);
            Cid cid = ContentIds.chunkId(chunk);
            content.chunks().put(cid, chunk);
            loose.add(cid);
        }
        a.ok("PUT", "settings", Map.of("quotaBytes", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> loose.stream().noneMatch(content.chunks()::has));
        ContentManifest m = manifests(a).load(Cid.parse(id));
        for (int i = 0; i < m.chunkCount(); i++) assertThat(content.chunks().has(m.chunkId(i))).isTrue();
        // The share's chunks live in its file: they take no store space, and only the loose chunks were stored.
        assertThat(content.chunks().totalBytes()).isZero();
        assertThat(content.chunks().count()).isEqualTo(m.chunkCount());
    }

    @Test
    void anUnwritableOutputFailsTheDownloadWithAReason() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        String id = share(a, file("f.bin", 5000)).path("contentId").asText();
        Files.createDirectories(b.node().home().dir().resolve("downloads"));
        Files.writeString(b.node().home().dir().resolve("downloads/blocker"), "a file where a folder must go");
        get(b, id, List.of(a), "blocker");
        JsonNode failed = awaitState(b, id, "failed");
        assertThat(failed.path("error").asText()).contains("cannot write the output").contains("blocker");
    }

    @Test
    void overMaxUploadsAPeerIsToldBusyAndServedLater() throws Exception {
        NodeApi a = node("a");
        NodeApi b = node("b");
        NodeApi c = node("c");
        a.ok("PUT", "settings", Map.of("maxUploads", 1, "rateLimits", Map.of("uploadBytesPerSecond", 2 * MIB)));
        Path source = file("popular.bin", 3 * MIB);
        String id = share(a, source).path("contentId").asText();
        get(b, id, List.of(a), null);
        get(c, id, List.of(a), null);
        ContentFeature seeder = a.node().feature(ContentFeature.class);
        awaitState(b, id, "completed");
        awaitState(c, id, "completed");
        assertThat(Files.readAllBytes(c.node().home().dir().resolve("downloads/popular.bin")))
                .isEqualTo(Files.readAllBytes(source));
        assertThat(seeder.limits().uploads().refused()).as("streams answered BUSY").isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> seeder.limits().uploads().active() <= 1);
    }

    private static ManifestStore manifests(NodeApi n) {
        return n.node().feature(ContentFeature.class).manifests();
    }

    private static void assertBad(NodeApi.Reply reply, String field) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
        assertThat(reply.body().path("error").path("message").asText()).startsWith(field + ": ");
    }
}
