package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.rpc.proto.ControlIHave;
import io.grapevine.node.pubsub.rpc.proto.ControlMessage;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.grapevine.node.pubsub.score.PeerScoreThresholds;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fifty routers with default scoring, one network for all scenarios in turn (starting it is the expensive part):
 * delivery to all; a publisher of invalid messages graylisted by its neighbours so its later messages go nowhere; a
 * peer that never answers IWANT penalized (P7) while honest peers are not; and delivery to every survivor after 30%
 * of the nodes are gone.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PubsubAdversarialSimulationTest extends PubsubSimulation {
    private static final int N = 50;
    private static final PeerScoreThresholds THRESHOLDS = PeerScoreThresholds.defaults();
    /** IWANT promises the silent peer breaks. */
    private static final int BROKEN = 5;

    private final Random random = new Random(11);
    private final RawPubsubPeer silent = new RawPubsubPeer();
    private long nextNumber;
    private long lapStart = System.nanoTime();

    PubsubAdversarialSimulationTest() throws Exception {
    }

    @AfterEach
    void closeSilent() {
        silent.close();
    }

    @Test
    void deliversToAllPunishesInvalidPublishersAndBrokenPromisesAndSurvivesLosingThirtyPercent() throws Exception {
        GossipsubParams params = fast().pruneBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build();
        build(N, 4, params, Duration.ZERO, Duration.ZERO, random);
        List<Integer> all = IntStream.range(0, N).boxed().toList();
        lap("start-up");

        everyMessageReachesEveryone(all, 20, "all nodes");
        lap("delivery to all");

        int bad = pickRemovable();
        List<Integer> honest = all.stream().filter(i -> i != bad).toList();
        invalidPublisherIsGraylistedAndItsMessagesStopSpreading(bad, honest);
        lap("graylisting");

        silentPeerIsPenalizedForBrokenPromises(bad, honest);
        lap("broken promises");

        // The graylisted node goes with the 30%, so every survivor is honest and should get everything.
        Set<Integer> killed = new HashSet<>();
        for (int tries = 0; tries < 1_000 && (killed.size() < N * 3 / 10 || !connectedWithout(killed)); tries++) {
            killed = new HashSet<>(Set.of(bad));
            while (killed.size() < N * 3 / 10) {
                killed.add(random.nextInt(N));
            }
        }
        assertThat(connectedWithout(killed)).as("a connected set of survivors").isTrue();
        for (int i : killed) {
            hostOf(nodes.get(i)).close();
        }
        Set<Integer> dead = killed;
        List<Integer> survivors = all.stream().filter(i -> !dead.contains(i)).toList();
        everyMessageReachesEveryone(survivors, 10, "survivors of a 30% loss");
        lap("30% loss");
    }

    private void lap(String phase) {
        long now = System.nanoTime();
        System.out.printf("adversarial N=%d: %s took %.1f s%n", N, phase, (now - lapStart) / 1e9);
        lapStart = now;
    }

    /** Publishes {@code count} messages from random nodes of {@code group}; each must reach all the others. */
    private void everyMessageReachesEveryone(List<Integer> group, int count, String label) throws Exception {
        List<Long> sent = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            sent.add(publishFrom(group.get(random.nextInt(group.size()))));
        }
        for (long number : sent) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(deliveredTo(number, group))
                    .as("%s: nodes that got message %d", label, number).hasSize(group.size() - 1));
        }
    }

    private void invalidPublisherIsGraylistedAndItsMessagesStopSpreading(int bad, List<Integer> honest)
            throws Exception {
        // Honest nodes reject messages numbered below zero; the bad node has no validator, so it publishes them.
        for (int i : honest) {
            nodes.get(i).addValidator(TOPIC, m -> ByteBuffer.wrap(m.data()).getLong() < 0 ? ValidationResult.REJECT
                    : ValidationResult.ACCEPT);
        }
        PeerId badPeer = nodes.get(bad).localPeer();
        List<Integer> neighbours = honest.stream().filter(i -> nodes.get(i).peers(TOPIC).contains(badPeer)).toList();
        assertThat(neighbours).isNotEmpty();

        for (long k = 1; k <= 5; k++) {
            publish(nodes.get(bad), -k, 64);
        }
        // P4 is -10 × invalid²: three rejected messages put the publisher under the graylist threshold (-80).
        await().atMost(WAIT).untilAsserted(() -> {
            for (int i : neighbours) {
                assertThat(nodes.get(i).scores().getOrDefault(badPeer, 0.0)).as("score of the bad node at node %d", i)
                        .isLessThan(THRESHOLDS.graylist());
            }
        });
        for (long k = 1; k <= 5; k++) {
            assertThat(deliveredTo(-k, honest)).as("invalid message %d delivered", -k).isEmpty();
        }

        // Its later, valid messages: its neighbours drop the whole RPC, so they reach no node at all.
        long graylistedBefore = neighbours.stream().mapToLong(i -> nodes.get(i).stats().graylistedRpcs()).sum();
        List<Long> late = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            late.add(publishFrom(bad));
        }
        await().atMost(WAIT).until(() -> neighbours.stream().mapToLong(i -> nodes.get(i).stats().graylistedRpcs())
                .sum() >= graylistedBefore + late.size());
        // Honest traffic still reaches every honest node; by the time it has, a relayed late message would have too.
        everyMessageReachesEveryone(honest, 10, "honest nodes with a graylisted one among them");
        for (long number : late) {
            assertThat(deliveredTo(number, honest)).as("nodes that got message %d of the graylisted node", number)
                    .isEmpty();
        }
        System.out.printf("adversarial N=%d: bad node %d graylisted by its %d neighbours, %d RPCs dropped%n", N, bad,
                neighbours.size(),
                neighbours.stream().mapToLong(i -> nodes.get(i).stats().graylistedRpcs()).sum() - graylistedBefore);
    }

    private void silentPeerIsPenalizedForBrokenPromises(int bad, List<Integer> honest) throws Exception {
        List<Integer> targets = new ArrayList<>(honest);
        java.util.Collections.shuffle(targets, random);
        targets = targets.subList(0, 3);
        for (int i : targets) {
            silent.open(hostOf(nodes.get(i)));
        }
        silent.send(RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(TOPIC))
                .build());
        List<Integer> watched = List.copyOf(targets);
        await().atMost(WAIT).until(() -> watched.stream().allMatch(i -> nodes.get(i).peers(TOPIC)
                .contains(silent.peerId())));
        Map<Integer, Long> brokenBefore = new HashMap<>();
        for (int i : watched) {
            brokenBefore.put(i, nodes.get(i).stats().brokenPromises());
        }

        // Five advertisements, one RPC each (a router tracks one promise per IWANT), of messages that never come.
        for (int k = 0; k < BROKEN; k++) {
            silent.send(RPC.newBuilder().setControl(ControlMessage.newBuilder().addIhave(ControlIHave.newBuilder()
                    .setTopicID(TOPIC).addMessageIDs(ByteString.copyFromUtf8("never-" + k)))).build());
        }
        // After the 3 s follow-up each target counts five broken promises: P7 = -10 × (5 - 1)², decaying 0.9/s, so
        // below the gossip threshold (-10) for about 8 s: room for a slow poll on a loaded machine.
        await().atMost(WAIT).untilAsserted(() -> {
            for (int i : watched) {
                GossipsubRouter node = nodes.get(i);
                assertThat(node.stats().brokenPromises() - brokenBefore.get(i)).as("broken promises at node %d", i)
                        .isGreaterThanOrEqualTo(BROKEN);
                assertThat(node.scores().getOrDefault(silent.peerId(), 0.0)).as("silent peer's score at node %d", i)
                        .isLessThan(THRESHOLDS.gossip());
            }
        });
        // Honest peers kept every promise: no honest node scores another below zero.
        Set<PeerId> honestPeers = new HashSet<>();
        honest.forEach(i -> honestPeers.add(nodes.get(i).localPeer()));
        for (int i : honest) {
            nodes.get(i).scores().forEach((peer, score) -> {
                if (honestPeers.contains(peer)) {
                    assertThat(score).as("score of honest %s at node %d", peer, i).isGreaterThanOrEqualTo(0);
                }
            });
        }
        silent.close();
    }

    /** A node whose loss leaves the rest connected (else honest traffic could not avoid it). */
    private int pickRemovable() {
        for (int tries = 0; tries < 1_000; tries++) {
            int i = random.nextInt(N);
            if (connectedWithout(Set.of(i))) {
                return i;
            }
        }
        throw new AssertionError("no node whose loss keeps the network connected");
    }

    private long publishFrom(int index) throws Exception {
        long number = nextNumber++;
        publish(nodes.get(index), number, 64);
        return number;
    }

    /** The nodes of {@code group} that got message {@code number}. */
    private List<Integer> deliveredTo(long number, List<Integer> group) {
        return group.stream().filter(i -> deliveries.get(nodes.get(i)).containsKey(number)).toList();
    }
}
