package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thirty nodes in a random connected topology, then with 30% of them gone. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PubsubScaleTest extends PubsubTestBase {
    private static final int N = 30;

    @Test
    void everyMessageReachesEveryNodeAlsoAfterLosingThirtyPercent() throws Exception {
        Random random = new Random(42);
        GossipsubParams params = fast().build();
        List<GossipsubRouter> nodes = new ArrayList<>();
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            nodes.add(subscribed(params));
            // Each node dials up to three earlier ones: connected, and a few paths between most pairs.
            Set<Integer> targets = new HashSet<>();
            while (i > 0 && targets.size() < Math.min(3, i)) {
                targets.add(random.nextInt(i));
            }
            for (int t : targets) {
                connect(nodes.get(i), nodes.get(t));
                edges.add(new int[] {i, t});
            }
        }
        for (GossipsubRouter n : nodes) {
            await().atMost(WAIT).until(() -> !n.mesh(TOPIC).isEmpty());
        }
        publishAndExpectEverywhere(nodes, "before", random);

        // Drop 30% of the nodes, keeping the rest connected (else no router could deliver).
        Set<Integer> killed;
        do {
            killed = new HashSet<>();
            while (killed.size() < N * 3 / 10) {
                killed.add(random.nextInt(N));
            }
        } while (!connectedWithout(killed, edges));
        List<GossipsubRouter> survivors = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (killed.contains(i)) {
                hostOf(nodes.get(i)).close();
            } else {
                survivors.add(nodes.get(i));
            }
        }
        Thread.sleep(1000); // a few heartbeats to repair the meshes
        publishAndExpectEverywhere(survivors, "after", random);
    }

    private void publishAndExpectEverywhere(List<GossipsubRouter> nodes, String label, Random random)
            throws Exception {
        List<String> sent = new ArrayList<>();
        List<GossipsubRouter> publishers = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            GossipsubRouter publisher = nodes.get(random.nextInt(nodes.size()));
            String text = label + "-" + k;
            publisher.publish(TOPIC, utf8(text)).get(5, TimeUnit.SECONDS);
            sent.add(text);
            publishers.add(publisher);
        }
        for (GossipsubRouter n : nodes) {
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < sent.size(); k++) {
                if (publishers.get(k) != n) {
                    expected.add(sent.get(k));
                }
            }
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(received.get(n).stream().filter(s -> s.startsWith(label)).toList())
                            .containsExactlyInAnyOrderElementsOf(expected));
        }
    }

    private static boolean connectedWithout(Set<Integer> killed, List<int[]> edges) {
        int start = 0;
        while (killed.contains(start)) {
            start++;
        }
        Set<Integer> reached = new HashSet<>(List.of(start));
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            int at = queue.poll();
            for (int[] e : edges) {
                for (int side = 0; side < 2; side++) {
                    int from = e[side];
                    int to = e[1 - side];
                    if (from == at && !killed.contains(to) && reached.add(to)) {
                        queue.add(to);
                    }
                }
            }
        }
        return reached.size() == N - killed.size();
    }
}
