package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.multiformats.Cid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two connected nodes with a 1 s sync interval: an announcement that reaches A's store without gossip (as if gossip
 * had dropped it) is on B within a few intervals, though the on-connect session had already run.
 */
class PeriodicResyncNetworkTest {
    @TempDir
    Path tmp;
    private final List<GrapevineNode> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.reversed().forEach(GrapevineNode::close);
    }

    @Test
    void anAnnouncementMissedByGossipArrivesWithTheNextRound() throws Exception {
        GrapevineNode a = start("a", null);
        GrapevineNode b = start("b", a);
        // the on-connect session (B dials A) is over before the announcement exists
        await().atMost(Duration.ofSeconds(20)).until(() -> sessions(b) >= 1);
        Cid id = AnnounceFixtures.contentId("missed by gossip");
        Announcement missed = AnnounceFixtures.announcement(AnnounceFixtures.key(), id, "Missed by gossip",
                Clock.systemUTC());
        Verdict stored = service(a).insertVerified(AnnounceCodec.encode(missed)); // stored and indexed, not published
        assertThat(stored.accepted()).as(stored.reason()).isTrue();
        assertThat(service(b).get(id)).isEmpty();
        await().atMost(Duration.ofSeconds(15)).until(() -> service(b).get(id).isPresent());
        assertThat(service(b).get(id).orElseThrow()).isEqualTo(missed);
    }

    private GrapevineNode start(String name, GrapevineNode bootstrap) throws Exception {
        GrapevineNode node = AnnounceNodes.start(tmp.resolve(name), bootstrap, 1);
        nodes.add(node);
        return node;
    }

    private static AnnouncementService service(GrapevineNode node) {
        return node.feature(AnnounceFeature.class).service();
    }

    private static double sessions(GrapevineNode node) {
        return node.metrics().registry().find("grapevine.sync.sessions").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
