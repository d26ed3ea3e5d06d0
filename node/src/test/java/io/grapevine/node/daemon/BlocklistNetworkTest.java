package io.grapevine.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.node.blocklists.BlocklistFeature;
import io.grapevine.node.blocklists.VoteGossip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real nodes in a line, A - B - C: a list founded on A and followed by B and C; votes cast on A and B reach C
 * by gossip only (C has no connection to A), C then blocks the item and explains why, and a local allow on C wins.
 */
class BlocklistNetworkTest {
    private static final String ITEM = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

    @TempDir
    Path tmp;
    private final List<GrapevineNode> open = new ArrayList<>();

    @AfterEach
    void close() {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private NodeApi node(String name, GrapevineNode bootstrap) throws Exception {
        List<String> boot = bootstrap == null ? List.of() : List.of(bootstrap.listenAddresses().getFirst().toString());
        GrapevineNode node = GrapevineNode.start(new NodeHome(tmp.resolve(name)),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), boot, List.of()));
        open.add(node);
        return new NodeApi(node);
    }

    @Test
    void votesFromTwoNodesBlockAnItemOnAThirdThatAllowsItLocally() throws Exception {
        NodeApi a = node("a", null);
        NodeApi b = node("b", a.node());
        NodeApi c = node("c", b.node());

        JsonNode list = a.ok("POST", "blocklists", Map.of("name", "community", "stampDifficulty", 4,
                "minVotes", 2, "fraction", "1/2", "categories", List.of("spam")));
        String id = list.get("id").asText();
        String definition = list.get("definition").asText();
        b.ok("POST", "blocklists/" + id + "/follow", Map.of("definition", definition));
        c.ok("POST", "blocklists/" + id + "/follow", Map.of("definition", definition));
        assertThat(c.call("POST", "blocklists/" + "0".repeat(64) + "/follow", Map.of()).status()).isEqualTo(404);

        String topic = VoteGossip.topic(ListId.parse(id));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                a.node().pubsub().router().mesh(topic).contains(b.node().peerId())
                        && c.node().pubsub().router().mesh(topic).contains(b.node().peerId()));
        assertThat(c.node().host().connection(a.node().peerId())).isEmpty();

        JsonNode afterA = a.ok("POST", "blocklists/" + id + "/votes",
                Map.of("content", ITEM, "action", "block", "reason", "spam"));
        assertThat(afterA.get("blocked").asBoolean()).as("one vote of the two needed").isFalse();
        b.ok("POST", "blocklists/" + id + "/votes", Map.of("content", ITEM, "action", "block", "reason", "spam"));

        BlocklistFeature onC = c.node().feature(BlocklistFeature.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> onC.decisions().isContentBlocked(ITEM));
        JsonNode why = c.ok("GET", "blocking/why?content=" + ITEM, null);
        assertThat(why.get("blocked").asBoolean()).isTrue();
        assertThat(why.get("lists").get(0).get("name").asText()).isEqualTo("community");
        assertThat(why.get("lists").get(0).get("block").asInt()).isEqualTo(2);
        assertThat(why.get("reason").asText()).contains("2 block / 2 votes");

        JsonNode shown = c.ok("GET", "blocklists/" + id, null);
        assertThat(shown.get("votes").asInt()).isEqualTo(2);
        assertThat(shown.get("targets").get(0).get("content").asText()).isEqualTo(ITEM);

        JsonNode allowed = c.ok("POST", "blocking/local", Map.of("content", ITEM, "action", "allow"));
        assertThat(allowed.get("blocked").asBoolean()).isFalse();
        assertThat(allowed.get("local").asText()).isEqualTo("allow");
        assertThat(onC.decisions().isContentBlocked(ITEM)).isFalse();

        String exported = b.node().feature(BlocklistFeature.class).service().blockedTargets().toString();
        assertThat(exported).contains(ITEM);
    }

    @Test
    void blockedContentIsNotDownloadedUnlessAllowedLocally() throws Exception {
        NodeApi a = node("a", null);
        NodeApi b = node("b", a.node());
        Path file = tmp.resolve("item.bin");
        java.nio.file.Files.write(file, new byte[5000]);
        String id = a.ok("POST", "shares", Map.of("path", file.toString(), "title", "item")).get("contentId").asText();
        b.ok("POST", "blocking/local", Map.of("content", id, "action", "block"));
        Map<String, Object> get = Map.of("contentId", id, "from", List.of(a.node().listenAddresses().getFirst().toString()));
        NodeApi.Reply refused = b.call("POST", "downloads", get);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo("blocked");
        assertThat(refused.body().get("error").get("message").asText()).contains("blocked locally");
        b.ok("POST", "blocking/local", Map.of("content", id, "action", "allow"));
        assertThat(b.call("POST", "downloads", get).status()).isEqualTo(201);

        // Shared content is pinned: blocking it on the sharer stops serving but keeps its chunks.
        ContentFeature content = a.node().feature(ContentFeature.class);
        long stored = content.chunks().count();
        a.ok("POST", "blocking/local", Map.of("content", id, "action", "block"));
        assertThat(content.refusal(io.grapevine.node.multiformats.Cid.parse(id))).isPresent();
        Thread.sleep(500);
        assertThat(content.chunks().count()).isEqualTo(stored);
    }

    @Test
    void aLateFollowerCatchesUpOnVotesBySync() throws Exception {
        NodeApi a = node("a", null);
        NodeApi c = node("c", a.node());
        // Both nodes serve their followed lists' votes over the node's own /grapevine/sync/1 (SyncFeature).
        JsonNode list = a.ok("POST", "blocklists", Map.of("name", "late", "stampDifficulty", 2, "minVotes", 1,
                "categories", List.of("spam")));
        String id = list.get("id").asText();
        a.ok("POST", "blocklists/" + id + "/votes", Map.of("content", ITEM, "reason", "spam"));
        c.ok("POST", "blocklists/" + id + "/follow", Map.of("definition", list.get("definition").asText()));
        assertThat(c.node().feature(BlocklistFeature.class).decisions().isContentBlocked(ITEM)).isFalse();

        var result = c.node().feature(SyncFeature.class).service().sync(a.node().peerId(), "votes/" + id)
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.received()).isEqualTo(1);
        assertThat(c.node().feature(BlocklistFeature.class).decisions().isContentBlocked(ITEM)).isTrue();
        assertThat(c.node().feature(BlocklistFeature.class).syncStore(ListId.parse(id)).size()).isEqualTo(1);
    }

    @Test
    void blockedAnnouncementsAreNotRelayedNorIndexedAndLeaveTheIndexWhenBlocked() throws Exception {
        NodeApi a = node("a", null);
        NodeApi b = node("b", a.node());
        NodeApi c = node("c", b.node());
        String blocked = shareFile(a, "blocked.bin", 1);
        b.ok("POST", "blocking/local", Map.of("content", blocked, "action", "block"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                c.node().pubsub().router().mesh("grapevine/announce/1").contains(b.node().peerId()));
        // Announced after B blocked it: A holds it, B neither stores nor relays it.
        a.ok("POST", "announcements", Map.of("contentId", blocked, "title", "blocked one"));
        String fine = shareFile(a, "fine.bin", 2);
        a.ok("POST", "announcements", Map.of("contentId", fine, "title", "fine one"));
        await().atMost(Duration.ofSeconds(30)).until(() -> c.call("GET", "announcements/" + fine, null).status() == 200);
        assertThat(a.call("GET", "announcements/" + blocked, null).status()).isEqualTo(200);
        assertThat(b.call("GET", "announcements/" + blocked, null).status()).isEqualTo(404);
        assertThat(c.call("GET", "announcements/" + blocked, null).status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(10)).until(() -> c.ok("GET", "search?q=fine", null).toString().contains(fine));
        c.ok("POST", "blocking/local", Map.of("content", fine, "action", "block"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !c.ok("GET", "search?q=fine", null).toString().contains(fine));
        c.ok("POST", "blocking/local", Map.of("content", fine, "action", "clear"));
        await().atMost(Duration.ofSeconds(10)).until(() -> c.ok("GET", "search?q=fine", null).toString().contains(fine));
    }

    private String shareFile(NodeApi n, String name, int seed) throws Exception {
        Path file = tmp.resolve(name);
        byte[] data = new byte[3000];
        new java.util.Random(seed).nextBytes(data);
        java.nio.file.Files.write(file, data);
        return n.ok("POST", "shares", Map.of("path", file.toString(), "title", name)).get("contentId").asText();
    }

    @Test
    void apiRefusesBadInputWithTheField() throws Exception {
        NodeApi a = node("a", null);
        NodeApi.Reply noName = a.call("POST", "blocklists", Map.of("description", "x"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body().get("error").get("message").asText()).startsWith("name:");
        JsonNode list = a.ok("POST", "blocklists", Map.of("name", "l", "stampDifficulty", 0, "minVotes", 1));
        String id = list.get("id").asText();
        NodeApi.Reply badReason = a.call("POST", "blocklists/" + id + "/votes", Map.of("content", ITEM, "reason", "nope"));
        assertThat(badReason.status()).isEqualTo(400);
        assertThat(badReason.body().get("error").get("message").asText()).startsWith("reason:");
        assertThat(a.call("GET", "blocklists/" + "ab".repeat(32), null).status()).isEqualTo(404);
        assertThat(a.call("GET", "blocklists/xyz", null).status()).isEqualTo(400);
        NodeApi.Reply badDeny = a.call("POST", "blocking/import?name=bad", "/ipfs/notacid\n");
        assertThat(badDeny.status()).isEqualTo(400);
        assertThat(badDeny.body().get("error").get("message").asText()).startsWith("body:").contains("line 1");
        assertThat(a.call("GET", "blocking/why", null).status()).isEqualTo(400);
    }
}
