package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fifty routers on real connections with 5-40 ms of injected latency per node. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PubsubSimulationTest extends PubsubSimulation {
    private static final int N = 50;
    private static final int MESSAGES = 20;

    @Test
    void everySubscriberGetsEveryMessageWithBoundedDuplicatesAndMeshesWithinBounds() throws Exception {
        Random random = new Random(7);
        // A short PRUNE backoff, so a node pruned by oversubscribed peers may regraft within the test.
        GossipsubParams params = fast().pruneBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build();
        build(N, 4, params, Duration.ofMillis(5), Duration.ofMillis(40), random);

        long duplicatesBefore = sum(n -> n.stats().duplicates());
        for (long m = 0; m < MESSAGES; m++) {
            publish(nodes.get(random.nextInt(N)), m, 256);
        }
        for (long m = 0; m < MESSAGES; m++) {
            long number = m;
            await().atMost(WAIT).until(() -> delivered(number) == N - 1);
        }
        double duplicatesPerMessagePerNode =
                (sum(n -> n.stats().duplicates()) - duplicatesBefore) / (double) (MESSAGES * N);
        // Each node hears a message from at most its mesh peers (and, for the publisher's neighbours, the flood):
        // more than D copies each would mean relays beyond the mesh.
        assertThat(duplicatesPerMessagePerNode).isLessThan(params.d());

        // After heartbeats every mesh is within Dlo..Dhi (or holds every subscribed peer when it has fewer than Dlo).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (GossipsubRouter node : nodes) {
                int mesh = node.mesh(TOPIC).size();
                int subscribedPeers = node.peers(TOPIC).size();
                assertThat(mesh).as("mesh of a node with %d subscribed peers", subscribedPeers)
                        .isBetween(Math.min(params.dlo(), subscribedPeers), params.dhi());
            }
        });
        double[] latencies = latenciesMillis();
        System.out.printf("simulation N=%d: %d deliveries, p50/p99 %s ms, %.2f duplicates per message per node%n",
                N, latencies.length, describe(latencies), duplicatesPerMessagePerNode);
    }
}
