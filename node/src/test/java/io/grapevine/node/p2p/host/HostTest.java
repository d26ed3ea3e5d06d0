package io.grapevine.node.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostTest {
    private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

    private final List<Host> hosts = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void closeHosts() {
        hosts.forEach(Host::close);
    }

    Host host(Consumer<HostConfig.Builder> tweak) throws Exception {
        return host(Ed25519PrivateKey.generate(), tweak);
    }

    Host host(PrivateKey key, Consumer<HostConfig.Builder> tweak) throws Exception {
        HostConfig.Builder builder = HostConfig.builder(key)
                .listen(LOOPBACK)
                .ioThreads(1)
                .ping(Duration.ZERO, 3)
                .upgradeTimeout(Duration.ofSeconds(5));
        tweak.accept(builder);
        Host host = new Host(builder.build());
        hosts.add(host);
        host.start();
        host.setStreamHandler(EchoProtocol.ID, EchoProtocol.RESPONDER);
        return host;
    }

    Host host() throws Exception {
        return host(b -> {});
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    static Multiaddr addressOf(Host host) {
        return host.listenAddresses().getFirst();
    }

    @Test
    void listenAddressesCarryTheActualPortAndOurId() throws Exception {
        Host a = host();
        Multiaddr address = addressOf(a);
        assertThat(address.peerId()).contains(a.peerId());
        assertThat(address.toSocketAddress().getPort()).isPositive();
        assertThat(address.toString()).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + a.peerId().toBase58());
    }

    @Test
    void wildcardListenExpandsToInterfaceAddresses() throws Exception {
        Host a = host(b -> {});
        List<Multiaddr> expanded = get(a.listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/0")));
        assertThat(expanded).isNotEmpty().allSatisfy(m -> assertThat(m.toString()).doesNotContain("0.0.0.0"));
        assertThat(expanded).anySatisfy(m -> assertThat(m.toString()).startsWith("/ip4/127.0.0.1/tcp/"));
    }

    @Test
    void dialsWithAndWithoutExpectedPeerId() throws Exception {
        Host a = host();
        Host b = host();
        Host c = host();

        Connection withId = get(a.dial(addressOf(b)));
        assertThat(withId.remotePeer()).isEqualTo(b.peerId());
        assertThat(withId.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(get(a.dial(addressOf(b)))).isSameAs(withId); // reused

        Connection withoutId = get(c.dial(addressOf(b).withoutPeerId()));
        assertThat(withoutId.remotePeer()).isEqualTo(b.peerId());
        await().atMost(Duration.ofSeconds(5)).until(() -> b.connection(c.peerId()).isPresent());
        assertThat(b.connection(c.peerId()).orElseThrow().direction()).isEqualTo(Direction.INBOUND);
    }

    @Test
    void dialWithTheWrongPeerIdIsRefused() throws Exception {
        Host a = host();
        Host b = host();
        Host c = host();
        Multiaddr lying = addressOf(b).withoutPeerId().withPeerId(c.peerId());
        assertThatThrownBy(() -> get(a.dial(lying))).isInstanceOf(ExecutionException.class);
        assertThat(a.connections()).isEmpty();
        // b keeps serving.
        assertThat(get(a.dial(addressOf(b))).remotePeer()).isEqualTo(b.peerId());
    }

    @Test
    void echoMovesBytesBothWaysExactly() throws Exception {
        Host a = host();
        Host b = host();
        get(a.dial(addressOf(b)));
        byte[] payload = new byte[1 << 20];
        new Random(1).nextBytes(payload);
        assertThat(get(EchoProtocol.exchange(a, b.peerId(), payload))).isEqualTo(payload);
        // And from the other side over the same connection.
        byte[] small = "hello from b".getBytes(StandardCharsets.UTF_8);
        assertThat(get(EchoProtocol.exchange(b, a.peerId(), small))).isEqualTo(small);
        assertThat(a.connections()).hasSize(1);
        assertThat(b.connections()).hasSize(1);
    }

    @Test
    void halfCloseDeliversWritesStillQueuedBehindTheFlowControlWindow() throws Exception {
        // 1 MiB is four initial Yamux windows: when the FIN arrives the echo still has data queued, which must follow.
        Host a = host();
        Host b = host();
        get(a.dial(addressOf(b)));
        for (int round = 0; round < 10; round++) {
            byte[] payload = new byte[1 << 20];
            new Random(round).nextBytes(payload);
            CompletableFuture<byte[]> there = EchoProtocol.exchange(a, b.peerId(), payload);
            CompletableFuture<byte[]> back = EchoProtocol.exchange(b, a.peerId(), payload);
            assertThat(get(there)).isEqualTo(payload);
            assertThat(get(back)).isEqualTo(payload);
        }
    }

    @Test
    void hundredConcurrentStreams() throws Exception {
        Host a = host();
        Host b = host();
        get(a.dial(addressOf(b)));
        Random random = new Random(2);
        List<byte[]> payloads = new ArrayList<>();
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            byte[] payload = new byte[16 * 1024 + i];
            random.nextBytes(payload);
            payloads.add(payload);
            replies.add(EchoProtocol.exchange(a, b.peerId(), payload));
        }
        for (int i = 0; i < 100; i++) {
            assertThat(replies.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(payloads.get(i));
        }
        System.out.printf("100 concurrent echo streams of ~16 KiB: %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void identifyFillsThePeerStoreAndReportsOurObservedAddress() throws Exception {
        Host a = host();
        Host b = host();
        Connection connection = get(a.dial(addressOf(b)));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                a.peerStore().get(b.peerId()).map(p -> !p.protocols().isEmpty()).orElse(false));
        PeerInfo learned = a.peerStore().get(b.peerId()).orElseThrow();
        assertThat(learned.agentVersion()).startsWith("grapevine/");
        assertThat(learned.protocols()).contains(EchoProtocol.ID, "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");
        assertThat(learned.addresses()).contains(addressOf(b).withoutPeerId());
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.observedAddresses().isEmpty());
        assertThat(a.observedAddresses()).contains(connection.localAddress());
        // b learns about a the same way.
        await().atMost(Duration.ofSeconds(5)).until(() ->
                b.peerStore().get(a.peerId()).map(p -> p.protocols().contains(EchoProtocol.ID)).orElse(false));
    }

    @Test
    void pingMeasuresTheRoundTrip() throws Exception {
        Host a = host();
        Host b = host();
        get(a.dial(addressOf(b)));
        List<Duration> rtts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rtts.add(get(a.ping(b.peerId())));
        }
        System.out.println("ping RTTs over loopback: " + rtts);
        assertThat(rtts).allSatisfy(rtt -> assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(2)));
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDisconnected() throws Exception {
        Host a = host(c -> c.ping(Duration.ofMillis(200), 2));
        Host mute = host();
        mute.removeStreamHandler("/ipfs/ping/1.0.0");
        get(a.dial(addressOf(mute)));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.connections().isEmpty());
        // A peer that does answer stays connected through several ping rounds.
        Host healthy = host();
        get(a.dial(addressOf(healthy)));
        Thread.sleep(1000);
        assertThat(a.connection(healthy.peerId())).isPresent();
    }

    @Test
    void unsupportedProtocolFailsTheStreamNotTheConnection() throws Exception {
        Host a = host();
        Host b = host();
        get(a.dial(addressOf(b)));
        assertThatThrownBy(() -> get(a.newStream(b.peerId(), "/nobody/1.0.0"))).isInstanceOf(ExecutionException.class);
        assertThat(get(EchoProtocol.exchange(a, b.peerId(), new byte[] {1, 2, 3}))).containsExactly(1, 2, 3);
    }

    @Test
    void connectionListenersHearOpenAndClose() throws Exception {
        Host a = host();
        Host b = host();
        List<String> events = new CopyOnWriteArrayList<>();
        b.addConnectionListener(new ConnectionListener() {
            @Override
            public void opened(Connection connection) {
                events.add("opened " + connection.remotePeer());
            }

            @Override
            public void closed(Connection connection) {
                events.add("closed " + connection.remotePeer());
            }
        });
        Connection connection = get(a.dial(addressOf(b)));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        get(connection.close());
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertThat(events).containsExactly("opened " + a.peerId(), "closed " + a.peerId());
        assertThat(b.connections()).isEmpty();
    }

    @Test
    void inboundBeyondTheLimitIsClosed() throws Exception {
        Host b = host(c -> c.connectionLimits(1, 0));
        Host a1 = host();
        Host a2 = host();
        get(a1.dial(addressOf(b)));
        await().atMost(Duration.ofSeconds(5)).until(() -> b.connections().size() == 1);
        CompletableFuture<Connection> second = a2.dial(addressOf(b));
        try {
            Connection c = get(second);
            // Our side may finish the handshake before b drops us; then the connection closes right after.
            get(c.closeFuture());
        } catch (ExecutionException expected) {
            // Closed during the upgrade.
        }
        assertThat(b.connections()).extracting(Connection::remotePeer).containsExactly(a1.peerId());
        assertThat(get(EchoProtocol.exchange(a1, b.peerId(), new byte[] {9}))).containsExactly(9);
    }

    @Test
    void idleConnectionsArePrunedButBootstrapPeersAreKept() throws Exception {
        Host bootstrap = host();
        Host other = host();
        Host a = host(c -> c.bootstrap(addressOf(bootstrap)).connectionLimits(10, 0).idleTimeout(Duration.ofMillis(100)));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.connection(bootstrap.peerId()).isPresent());
        get(a.dial(addressOf(other)));
        // The pruner runs every second; the unprotected idle connection goes, the bootstrap one stays.
        await().atMost(Duration.ofSeconds(5)).until(() -> a.connection(other.peerId()).isEmpty());
        assertThat(a.connection(bootstrap.peerId())).isPresent();
        assertThat(a.connectionManager().isProtected(bootstrap.peerId())).isTrue();
    }

    @Test
    void simultaneousDialsSettleOnOneConnection() throws Exception {
        for (int round = 0; round < 5; round++) {
            Host a = host();
            Host b = host();
            CompletableFuture<Connection> ab = a.dial(addressOf(b));
            CompletableFuture<Connection> ba = b.dial(addressOf(a));
            ab.handle((c, e) -> null).get(10, TimeUnit.SECONDS);
            ba.handle((c, e) -> null).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    a.connections().size() == 1 && b.connections().size() == 1
                            && a.connections().getFirst().isOpen() && b.connections().getFirst().isOpen());
            Connection onA = a.connections().getFirst();
            Connection onB = b.connections().getFirst();
            // The same TCP connection, seen from both ends.
            assertThat(onA.localAddress()).isEqualTo(onB.remoteAddress());
            assertThat(onA.remoteAddress()).isEqualTo(onB.localAddress());
            assertThat(get(EchoProtocol.exchange(a, b.peerId(), new byte[] {7}))).containsExactly(7);
        }
    }

    @Test
    void peerStoreSurvivesRestartAndTheHostRedials() throws Exception {
        Host b = host();
        PrivateKey key = Ed25519PrivateKey.generate();
        Path home = tmp.resolve("home-a");
        Host a = host(key, c -> c.home(home));
        get(a.dial(addressOf(b)));
        a.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.connections().isEmpty());

        Host restarted = host(key, c -> c.home(home).reconnectKnownPeers(true));
        assertThat(restarted.peerStore().get(b.peerId())).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.connection(b.peerId()).isPresent());
        assertThat(get(EchoProtocol.exchange(restarted, b.peerId(), new byte[] {5}))).containsExactly(5);
    }

    @Test
    void closeIsPromptAndTellsThePeers() throws Exception {
        Host a = host();
        List<Host> others = List.of(host(), host(), host());
        for (Host other : others) {
            get(other.dial(addressOf(a)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> a.connections().size() == 3);
        long start = System.nanoTime();
        a.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("host.close() with 3 connections: %d ms%n", millis);
        assertThat(millis).isLessThan(3000);
        for (Host other : others) {
            await().atMost(Duration.ofSeconds(3)).until(() -> other.connections().isEmpty());
        }
    }

    @Test
    void garbageInsteadOfMultistreamIsDroppedAndTheHostKeepsServing() throws Exception {
        Host b = host();
        InetSocketAddress target = addressOf(b).withoutPeerId().toSocketAddress();
        try (Socket socket = new Socket()) {
            socket.connect(target, 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(drainUntilClosed(socket.getInputStream())).isTrue();
        }
        Host a = host();
        assertThat(get(EchoProtocol.exchange(a, b.peerId(), new byte[] {1}, addressOf(b)))).containsExactly(1);
    }

    @Test
    void stalledHandshakeTimesOutWhileOthersAreServed() throws Exception {
        Host b = host(c -> c.upgradeTimeout(Duration.ofSeconds(1)).negotiationTimeout(Duration.ofSeconds(1)));
        InetSocketAddress target = addressOf(b).withoutPeerId().toSocketAddress();
        try (Socket staller = new Socket()) {
            staller.connect(target, 2000);
            staller.setSoTimeout(5000);
            // Agree to multistream and "/noise", then never send a Noise message.
            OutputStream out = staller.getOutputStream();
            out.write(new byte[] {0x13});
            out.write("/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0x07});
            out.write("/noise\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            Host a = host();
            assertThat(get(EchoProtocol.exchange(a, b.peerId(), new byte[] {2}, addressOf(b)))).containsExactly(2);
            assertThat(drainUntilClosed(staller.getInputStream())).isTrue();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isBetween(500L, 4000L);
        }
    }

    @Test
    void handshakesBeyondThePendingLimitAreDroppedAtOnce() throws Exception {
        Host b = host(c -> c.maxPendingUpgrades(2).upgradeTimeout(Duration.ofSeconds(3)));
        InetSocketAddress target = addressOf(b).withoutPeerId().toSocketAddress();
        List<Socket> stallers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Socket s = new Socket();
                s.connect(target, 2000);
                stallers.add(s);
            }
            Thread.sleep(200); // let the host accept both before the third arrives
            try (Socket third = new Socket()) {
                third.connect(target, 2000);
                third.setSoTimeout(1000);
                long start = System.nanoTime();
                assertThat(drainUntilClosed(third.getInputStream())).isTrue();
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
            }
        } finally {
            for (Socket s : stallers) {
                s.close();
            }
        }
    }

    /** Reads until EOF; true if the remote closed (or reset) within the socket timeout. */
    private static boolean drainUntilClosed(InputStream in) {
        byte[] buf = new byte[1024];
        try {
            while (in.read(buf) >= 0) {
                // discard what the host wrote (its multistream header)
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // connection reset
        }
    }
}
