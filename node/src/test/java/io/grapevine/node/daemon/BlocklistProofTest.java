package io.grapevine.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;
import io.grapevine.node.blocklists.BlocklistFeature;
import io.grapevine.node.blocklists.BlocklistService;
import io.grapevine.node.blocklists.Offer;
import io.grapevine.node.blocklists.RecordSigner;
import io.grapevine.node.blocklists.Refusal;
import io.grapevine.node.blocklists.SignedEnvelope;
import io.grapevine.node.blocklists.VoteGossip;
import io.grapevine.node.blocklists.proto.RecordKind;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Cid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The blocklist proof of issue 6 on 20 real nodes: a members-only list (12 members, threshold 7) followed by 19 of
 * them; 8 member votes make item X leave search and the chunk servers of every follower within 10 s, while the one
 * node that does not follow the list and a follower that allows X locally keep finding and serving it. 100 fresh
 * non-member keys cannot block anything; on an open list the stamp cost of one fake vote is measured.
 */
class BlocklistProofTest {
    private static final int NODES = 20;
    private static final int MEMBERS = 12;
    private static final int VOTERS = 8;

    @TempDir
    Path tmp;
    private final List<GrapevineNode> open = new ArrayList<>();

    @AfterEach
    void close() {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private NodeApi node(int i, List<GrapevineNode> boot) throws Exception {
        GrapevineNode node = GrapevineNode.start(new NodeHome(tmp.resolve("n" + i)),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"),
                        boot.stream().map(b -> b.listenAddresses().getFirst().toString()).distinct().toList(), List.of()));
        open.add(node);
        return new NodeApi(node);
    }

    @Test
    void eightMemberVotesBlockAnItemOnEveryFollowerButNotElsewhere() throws Exception {
        long started = System.nanoTime();
        List<NodeApi> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            List<GrapevineNode> boot = i == 0 ? List.of() : List.of(nodes.get(0).node(), nodes.get(i - 1).node(),
                    nodes.get((i - 1) / 2).node());
            nodes.add(node(i, boot));
        }
        System.out.printf("PROOF %d nodes started in %d ms%n", NODES, (System.nanoTime() - started) / 1_000_000);
        NodeApi founder = nodes.get(0);
        NodeApi outsider = nodes.get(NODES - 1);   // does not follow the list; shares X
        NodeApi allower = nodes.get(NODES - 2);    // follows the list, allows X locally
        List<NodeApi> followers = nodes.subList(0, NODES - 1);

        String x = share(outsider, "xitem.bin", "xitem proof");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> nodes.stream().allMatch(n -> found(n, x)));

        JsonNode list = founder.ok("POST", "blocklists", Map.of("name", "members", "votingMode", "members-only",
                "minVotes", 7, "fraction", "1/2", "categories", List.of("spam")));
        String id = list.get("id").asText();
        ListId listId = ListId.parse(id);
        for (NodeApi f : followers.subList(1, followers.size())) {
            f.ok("POST", "blocklists/" + id + "/follow", Map.of("definition", list.get("definition").asText()));
        }
        String topic = VoteGossip.topic(listId);
        await().atMost(Duration.ofSeconds(30)).until(() -> followers.stream()
                .allMatch(f -> !f.node().pubsub().router().mesh(topic).isEmpty()));
        for (int i = 1; i < MEMBERS; i++) {
            founder.ok("POST", "blocklists/" + id + "/members", Map.of("member", nodes.get(i).node().peerId().toString()));
        }

        // 100 fresh keys vote to block Y: each refused as not a member, on the founder and on a far follower.
        String y = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
        BlocklistService far = service(nodes.get(NODES - 3));
        BlocklistService home = service(founder);
        long before = far.refusals().get(Refusal.NOT_A_MEMBER);
        for (int k = 0; k < 100; k++) {
            RecordSigner fake = new RecordSigner(Ed25519PrivateKey.generate());
            Vote v = Vote.stamped(listId, fake.publicKey(), Target.content(y), VoteAction.BLOCK, "spam",
                    System.currentTimeMillis(), 0);
            SignedEnvelope env = fake.sign(RecordKind.VOTE, v);
            for (BlocklistService s : List.of(far, home)) {
                Offer o = s.offer(env, BlocklistService.Source.GOSSIP, listId);
                assertThat(o.refusal()).isEqualTo(Refusal.NOT_A_MEMBER);
            }
        }
        assertThat(far.refusals().get(Refusal.NOT_A_MEMBER) - before).isEqualTo(100);
        System.out.printf("PROOF 100 non-member votes refused NOT_A_MEMBER (counted %d on one follower)%n",
                far.refusals().get(Refusal.NOT_A_MEMBER) - before);

        // A follower that fetched X before the vote: afterwards its chunk server must not serve X.
        NodeApi holder = nodes.get(10);
        holder.ok("POST", "downloads", Map.of("contentId", x, "from", List.of(address(outsider))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                holder.ok("GET", "downloads/" + x, null).path("state").asText().equals("completed"));
        long held = content(holder).chunks().count();
        assertThat(held).isPositive();

        allower.ok("POST", "blocking/local", Map.of("content", x, "action", "allow"));
        long voteStart = System.nanoTime();
        for (int i = 0; i < VOTERS; i++) {
            nodes.get(i).ok("POST", "blocklists/" + id + "/votes", Map.of("content", x, "action", "block", "reason", "spam"));
        }
        Cid cid = Cid.parse(x);
        List<NodeApi> blocking = followers.stream().filter(f -> f != allower).toList();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> blocking.stream()
                .allMatch(f -> !found(f, x) && content(f).refusal(cid).isPresent()));
        long blockedMs = (System.nanoTime() - voteStart) / 1_000_000;
        System.out.printf("PROOF X left search and chunk serving on %d followers %d ms after the first of %d votes%n",
                blocking.size(), blockedMs, VOTERS);

        // The holder's own download pinned X, so its chunks stay on disk (by design); they are just not served.
        // The allowing node asks the holder's chunk server for X's manifest: refused as not held; the outsider serves it.
        var penalties = new io.grapevine.node.transfer.PeerPenalties();
        var asker = allower.node();
        asker.host().dial(holder.node().listenAddresses().getFirst()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> io.grapevine.node.transfer.ManifestFetcher
                .fetch(asker.host(), holder.node().peerId(), cid, content(allower).manifests(), penalties,
                        Duration.ofSeconds(10)).get(15, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(refused).hasRootCauseInstanceOf(io.grapevine.node.transfer.ChunksRefusedException.class);
        assertThat(content(holder).chunks().count()).as("kept (pinned by the holder's own download), not served")
                .isEqualTo(held);
        asker.host().dial(outsider.node().listenAddresses().getFirst()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(io.grapevine.node.transfer.ManifestFetcher.fetch(asker.host(), outsider.node().peerId(), cid,
                content(allower).manifests(), penalties, Duration.ofSeconds(10)).get(15, java.util.concurrent.TimeUnit.SECONDS))
                .as("the non-follower serves X").isNotNull();
        System.out.printf("PROOF the follower holding X refuses its manifest (%s); the non-follower serves it%n",
                rootMessage(refused));

        assertThat(found(outsider, x)).as("the non-follower still finds X").isTrue();
        assertThat(content(outsider).refusal(cid)).as("and serves it").isEmpty();
        assertThat(found(allower, x)).as("the local allow keeps X in search").isTrue();
        assertThat(content(allower).refusal(cid)).isEmpty();
        assertThat(service(allower).decisions().blockedReason(x, null)).as("relay policy: allowed").isEmpty();
        for (NodeApi f : blocking) {
            assertThat(service(f).decisions().blockedReason(x, null)).isPresent();
            assertThat(service(f).decisions().isContentBlocked(y)).isFalse();
        }
        System.out.printf("PROOF whole run %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void aFakeVoteOnAnOpenListCostsOneStampAtTheListsDifficulty() throws Exception {
        NodeApi a = node(0, List.of());
        int difficulty = 16;
        JsonNode list = a.ok("POST", "blocklists", Map.of("name", "open", "stampDifficulty", difficulty,
                "minVotes", 1000, "categories", List.of("spam")));
        ListId listId = ListId.parse(list.get("id").asText());
        BlocklistService s = service(a);
        int votes = 24;
        long minting = 0;
        for (int k = 0; k < votes; k++) {
            RecordSigner fake = new RecordSigner(Ed25519PrivateKey.generate());
            long t0 = System.nanoTime();
            Vote v = Vote.stamped(listId, fake.publicKey(), Target.content("bafkreifake" + k), VoteAction.BLOCK,
                    "spam", System.currentTimeMillis(), difficulty);
            minting += System.nanoTime() - t0;
            assertThat(s.offer(fake.sign(RecordKind.VOTE, v), BlocklistService.Source.GOSSIP, listId).accepted()).isTrue();
            Vote unstamped = Vote.stamped(listId, fake.publicKey(), Target.content("bafkreifake" + k), VoteAction.BLOCK,
                    "spam", System.currentTimeMillis() + 1, 0);
            Offer cheap = s.offer(fake.sign(RecordKind.VOTE, unstamped), BlocklistService.Source.GOSSIP, listId);
            // A nonce minted for difficulty 0 reaches 16 bits only by luck (2^-16).
            assertThat(cheap.refusal()).isIn(Refusal.BAD_STAMP, null);
        }
        System.out.printf("PROOF stamp cost: difficulty %d, %d fake votes, mean %.1f ms per vote (expected 2^%d hashes)%n",
                difficulty, votes, minting / 1e6 / votes, difficulty);
    }

    /** A - R - C in a line: R follows a list that blocks X but allows X locally, so X's announcement crosses R. */
    @Test
    void aFollowerThatAllowsAnItemLocallyStillRelaysItsAnnouncement() throws Exception {
        NodeApi a = node(0, List.of());
        NodeApi r = node(1, List.of(a.node()));
        NodeApi c = node(2, List.of(r.node()));
        JsonNode list = r.ok("POST", "blocklists", Map.of("name", "one", "stampDifficulty", 2, "minVotes", 1,
                "categories", List.of("spam")));
        String id = list.get("id").asText();
        Path file = tmp.resolve("relayed.bin");
        byte[] data = new byte[3000];
        new Random(11).nextBytes(data);
        Files.write(file, data);
        String x = a.ok("POST", "shares", Map.of("path", file.toString(), "title", "xitem relayed")).get("contentId").asText();
        r.ok("POST", "blocklists/" + id + "/votes", Map.of("content", x, "action", "block", "reason", "spam"));
        assertThat(service(r).decisions().isContentBlocked(x)).isTrue();
        r.ok("POST", "blocking/local", Map.of("content", x, "action", "allow"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                c.node().pubsub().router().mesh("grapevine/announce/1").contains(r.node().peerId())
                        && a.node().pubsub().router().mesh("grapevine/announce/1").contains(r.node().peerId()));
        assertThat(c.node().host().connection(a.node().peerId())).as("C hears A only through R").isEmpty();
        // Control: Z is blocked on R by the same list and not allowed; announced first, it must not cross R.
        Path other = tmp.resolve("control.bin");
        Files.write(other, new byte[]{1, 2, 3, 4, 5});
        String z = a.ok("POST", "shares", Map.of("path", other.toString(), "title", "xitem control")).get("contentId").asText();
        r.ok("POST", "blocklists/" + id + "/votes", Map.of("content", z, "action", "block", "reason", "spam"));
        a.ok("POST", "announcements", Map.of("contentId", z, "title", "xitem control"));
        a.ok("POST", "announcements", Map.of("contentId", x, "title", "xitem relayed"));
        await().atMost(Duration.ofSeconds(20)).until(() -> found(c, x));
        assertThat(found(r, x)).isTrue();
        Thread.sleep(1000);
        assertThat(found(c, z)).as("the blocked, not allowed item is not relayed").isFalse();
        assertThat(c.call("GET", "announcements/" + z, null).status()).isEqualTo(404);
        System.out.println("PROOF a follower that allows X locally relayed its announcement to the node behind it");
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    private static String address(NodeApi n) {
        return n.node().listenAddresses().getFirst().toString();
    }

    private static BlocklistService service(NodeApi n) {
        return n.node().feature(BlocklistFeature.class).service();
    }

    private static ContentFeature content(NodeApi n) {
        return n.node().feature(ContentFeature.class);
    }

    private static boolean found(NodeApi n, String contentId) {
        try {
            return n.ok("GET", "search?q=xitem", null).toString().contains(contentId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String share(NodeApi n, String name, String title) throws Exception {
        Path file = tmp.resolve(name);
        byte[] data = new byte[3000];
        new Random(7).nextBytes(data);
        Files.write(file, data);
        String id = n.ok("POST", "shares", Map.of("path", file.toString(), "title", title)).get("contentId").asText();
        n.ok("POST", "announcements", Map.of("contentId", id, "title", title));
        return id;
    }
}
