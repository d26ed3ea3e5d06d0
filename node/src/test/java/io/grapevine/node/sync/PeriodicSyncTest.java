package io.grapevine.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Periodic re-sync: records that reached one side outside sync (gossip missed) reach the other within an interval. */
class PeriodicSyncTest {
    private static final String SET = "announce";
    private static final Duration INTERVAL = Duration.ofMillis(300);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Host alice;
    private Host bob;
    private InMemorySyncStore aliceStore;
    private InMemorySyncStore bobStore;
    private SyncService bobSync;

    @BeforeEach
    void setUp() throws Exception {
        alice = host();
        bob = host();
        aliceStore = TestRecords.store();
        bobStore = TestRecords.store();
        service(alice, aliceStore);
        bobSync = service(bob, bobStore);
        alice.dial(bob.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }

    private Host host() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        closeables.add(host);
        host.start();
        return host;
    }

    private SyncService service(Host host, SyncStore store) {
        SyncService service = new SyncService(host, SyncConfig.defaults());
        service.addSet(SET, store);
        service.register();
        closeables.add(service);
        return service;
    }

    private PeriodicSync periodicOnBob() {
        PeriodicSync periodic = PeriodicSync.start(bobSync, bob, SET, INTERVAL, 2);
        closeables.add(periodic);
        return periodic;
    }

    @Test
    void recordsMissedWhileConnectedArriveRoundAfterRound() {
        periodicOnBob();
        assertThat(bobStore.size()).isZero(); // connected, and no session on connect: only rounds bring records
        aliceStore.add(TestRecords.item(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> bobStore.size() == 1);
        // a later round brings what arrived after the first one, and sends bob's own new records to alice
        aliceStore.add(TestRecords.item(2));
        bobStore.add(TestRecords.item(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> bobStore.size() == 3 && aliceStore.size() == 3);
    }

    @Test
    void closedPeriodicSyncStartsNoMoreRounds() throws Exception {
        periodicOnBob().close();
        aliceStore.add(TestRecords.item(1));
        Thread.sleep(INTERVAL.toMillis() * 4);
        assertThat(bobStore.size()).isZero(); // connected, and no session on connect: only rounds bring records
    }

    @Test
    void atMostOneSessionPerPeerAndSetAtATime() throws Exception {
        Host mute = host();
        mute.setStreamHandler(SyncService.PROTOCOL_ID, stream -> { }); // never answers: the session stays open
        bob.dial(mute.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        CompletableFuture<SyncResult> first = bobSync.syncIfIdle(mute.peerId(), SET).orElseThrow();
        assertThat(bobSync.syncIfIdle(mute.peerId(), SET)).isEmpty();
        // another peer is not held up by it
        CompletableFuture<SyncResult> other = bobSync.syncIfIdle(alice.peerId(), SET).orElseThrow();
        assertThat(other.get(10, TimeUnit.SECONDS).rounds()).isPositive();
        first.cancel(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> bobSync.syncIfIdle(mute.peerId(), SET)
                .map(f -> f.cancel(true)).isPresent());
    }

    @Test
    void refusesANonPositiveIntervalOrPeerCount() {
        assertThatThrownBy(() -> PeriodicSync.start(bobSync, bob, SET, Duration.ZERO, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeriodicSync.start(bobSync, bob, SET, INTERVAL, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
