package io.grapevine.node.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionManagerTest {
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final PeerId local = peer();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    static PeerId peer() {
        PrivateKey key = Ed25519PrivateKey.generate();
        return PeerId.fromPublicKey(key.publicKey());
    }

    Connection connection(PeerId remote, Direction direction) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        Multiaddr address = Multiaddr.parse("/ip4/127.0.0.1/tcp/1");
        return new Connection(channel, remote, null, address, address, direction, Duration.ofSeconds(1), Set.of());
    }

    @Test
    void simultaneousDialKeepsTheConnectionDialledByTheSmallerIdOnBothSides() {
        PeerId remote = peer();
        ConnectionManager ours = new ConnectionManager(local, 10, 5, Duration.ofMinutes(1));
        ConnectionManager theirs = new ConnectionManager(remote, 10, 5, Duration.ofMinutes(1));
        // c1 is dialled by us, c2 by them; each side sees both, in opposite orders.
        Connection c1Ours = connection(remote, Direction.OUTBOUND);
        Connection c2Ours = connection(remote, Direction.INBOUND);
        Connection c2Theirs = connection(local, Direction.OUTBOUND);
        Connection c1Theirs = connection(local, Direction.INBOUND);

        ours.admit(c1Ours);
        ConnectionManager.Admission oursSecond = ours.admit(c2Ours);
        theirs.admit(c2Theirs);
        ConnectionManager.Admission theirsSecond = theirs.admit(c1Theirs);

        boolean weAreSmaller = ConnectionManager.compare(local, remote) < 0;
        assertThat(oursSecond.kept()).isSameAs(weAreSmaller ? c1Ours : c2Ours);
        assertThat(theirsSecond.kept()).isSameAs(weAreSmaller ? c1Theirs : c2Theirs);
        assertThat(ours.size()).isEqualTo(1);
        assertThat(oursSecond.closed()).hasSize(1).doesNotContain(oursSecond.kept());
    }

    @Test
    void inboundBeyondTheLimitIsRefusedButOutboundIsKept() {
        ConnectionManager manager = new ConnectionManager(local, 2, 1, Duration.ofMinutes(1));
        assertThat(manager.admit(connection(peer(), Direction.INBOUND)).kept()).isNotNull();
        assertThat(manager.admit(connection(peer(), Direction.INBOUND)).kept()).isNotNull();
        Connection third = connection(peer(), Direction.INBOUND);
        ConnectionManager.Admission refused = manager.admit(third);
        assertThat(refused.kept()).isNull();
        assertThat(refused.closed()).containsExactly(third);
        assertThat(manager.admit(connection(peer(), Direction.OUTBOUND)).kept()).isNotNull();
        assertThat(manager.size()).isEqualTo(3);
    }

    @Test
    void protectedInboundPeerDisplacesTheLowestValueConnection() {
        ConnectionManager manager = new ConnectionManager(local, 2, 1, Duration.ofMinutes(1));
        Connection first = connection(peer(), Direction.INBOUND);
        Connection second = connection(peer(), Direction.INBOUND);
        manager.admit(first);
        manager.admit(second);
        PeerId bootstrap = peer();
        manager.protect(bootstrap);
        Connection favoured = connection(bootstrap, Direction.INBOUND);
        ConnectionManager.Admission admission = manager.admit(favoured);
        assertThat(admission.kept()).isSameAs(favoured);
        assertThat(admission.closed()).containsExactly(second); // equal streams: the newer goes
    }

    @Test
    void prunesIdleUnprotectedConnectionsDownToLowWater() throws Exception {
        ConnectionManager manager = new ConnectionManager(local, 10, 1, Duration.ofMillis(1));
        PeerId keep = peer();
        manager.protect(keep);
        manager.admit(connection(keep, Direction.OUTBOUND));
        Connection a = connection(peer(), Direction.INBOUND);
        Connection b = connection(peer(), Direction.INBOUND);
        manager.admit(a);
        manager.admit(b);
        Thread.sleep(5);
        assertThat(manager.idleToPrune()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void nothingIsPrunedAtOrBelowLowWater() throws Exception {
        ConnectionManager manager = new ConnectionManager(local, 10, 2, Duration.ofMillis(1));
        manager.admit(connection(peer(), Direction.INBOUND));
        manager.admit(connection(peer(), Direction.INBOUND));
        Thread.sleep(5);
        assertThat(manager.idleToPrune()).isEmpty();
    }

    @Test
    void removeForgetsOnlyTheKeptConnection() {
        ConnectionManager manager = new ConnectionManager(local, 10, 2, Duration.ofMinutes(1));
        PeerId remote = peer();
        Connection c = connection(remote, Direction.OUTBOUND);
        manager.admit(c);
        assertThat(manager.remove(connection(remote, Direction.INBOUND))).isFalse();
        assertThat(manager.remove(c)).isTrue();
        assertThat(manager.get(remote)).isEmpty();
    }
}
