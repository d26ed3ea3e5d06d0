package io.grapevine.node.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerStoreTest {
    @TempDir
    Path home;

    static PeerId newPeer() {
        return PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
    }

    @Test
    void survivesSaveAndReload() throws Exception {
        Path file = home.resolve(PeerStore.FILE_NAME);
        PeerStore store = PeerStore.open(file, 10);
        PeerId peer = newPeer();
        store.recordIdentify(peer, "grapevine/0.1.0", List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"),
                List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001")));
        store.save();

        PeerStore reloaded = PeerStore.open(file, 10);
        PeerInfo info = reloaded.get(peer).orElseThrow();
        assertThat(info.agentVersion()).isEqualTo("grapevine/0.1.0");
        assertThat(info.protocols()).containsExactly("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");
        assertThat(info.addresses()).extracting(Multiaddr::toString)
                .containsExactly("/ip4/10.0.0.1/tcp/4001", "/ip6/::1/tcp/4001");
        assertThat(info.lastSeen()).isEqualTo(store.get(peer).orElseThrow().lastSeen().truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS));
        try (var files = Files.list(home)) {
            assertThat(files).containsExactly(file); // no temp file left behind
        }
    }

    @Test
    void stripsPeerIdFromStoredAddresses() {
        PeerStore store = PeerStore.inMemory(10);
        PeerId peer = newPeer();
        store.addAddresses(peer, List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/1").withPeerId(peer)));
        assertThat(store.get(peer).orElseThrow().addresses()).extracting(Multiaddr::toString)
                .containsExactly("/ip4/1.2.3.4/tcp/1");
    }

    @Test
    void evictsTheLeastRecentlySeenBeyondTheBound() {
        MutableClock clock = new MutableClock();
        PeerStore store = PeerStore.open(home.resolve("p.json"), 3, clock);
        List<PeerId> peers = IntStream.range(0, 4).mapToObj(i -> newPeer()).toList();
        for (PeerId peer : peers) {
            clock.now = clock.now.plusSeconds(1);
            store.markSeen(peer);
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.get(peers.getFirst())).isEmpty();
        assertThat(store.peers()).extracting(PeerInfo::peerId).containsExactly(peers.get(3), peers.get(2), peers.get(1));
    }

    @Test
    void boundsAddressesAndProtocolsPerPeer() {
        PeerStore store = PeerStore.inMemory(10);
        PeerId peer = newPeer();
        List<Multiaddr> many = IntStream.range(1, 100)
                .mapToObj(i -> Multiaddr.parse("/ip4/10.0.0." + i + "/tcp/1")).toList();
        List<String> protocols = IntStream.range(0, 500).mapToObj(i -> "/p/" + i).toList();
        store.recordIdentify(peer, "x".repeat(10_000), protocols, many);
        PeerInfo info = store.get(peer).orElseThrow();
        assertThat(info.addresses()).hasSize(PeerStore.MAX_ADDRESSES_PER_PEER);
        assertThat(info.protocols()).hasSize(PeerStore.MAX_PROTOCOLS_PER_PEER);
        assertThat(info.agentVersion()).hasSize(PeerStore.MAX_TEXT_LENGTH);
    }

    @Test
    void corruptFileStartsEmptyAndIsReplacedOnSave() throws Exception {
        Path file = home.resolve(PeerStore.FILE_NAME);
        Files.writeString(file, "{not json", StandardCharsets.UTF_8);
        PeerStore store = PeerStore.open(file, 10);
        assertThat(store.size()).isZero();
        store.markSeen(newPeer());
        store.save();
        assertThat(PeerStore.open(file, 10).size()).isEqualTo(1);
    }

    @Test
    void badEntriesAreSkippedGoodOnesKept() throws Exception {
        Path file = home.resolve(PeerStore.FILE_NAME);
        PeerId good = newPeer();
        Files.writeString(file, """
                {"version":1,"peers":[
                  {"id":"not-a-peer-id","addrs":[],"lastSeen":1},
                  {"id":"%s","addrs":["/ip4/1.2.3.4/tcp/5","garbage"],"lastSeen":2,"agent":"a","extra":true}
                ]}""".formatted(good.toBase58()), StandardCharsets.UTF_8);
        PeerStore store = PeerStore.open(file, 10);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.get(good).orElseThrow().addresses()).hasSize(1);
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
