package io.grapevine.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.p2p.host.Host;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Periodic re-sync: records that reached one side outside sync (gossip missed) reach the other within an interval. */
class PeriodicSyncTest {
    private static final String SET = SyncPair.SET;
    private static final Duration INTERVAL = Duration.ofMillis(300);

    private SyncPair pair;

    @BeforeEach
    void connect() throws Exception {
        pair = new SyncPair();
    }

    @AfterEach
    void closeAll() throws Exception {
        pair.close();
    }

    private PeriodicSync periodicOnBob() {
        return pair.closeLater(PeriodicSync.start(pair.bobSync, pair.bob, SET, INTERVAL, 2));
    }

    @Test
    void recordsMissedWhileConnectedArriveRoundAfterRound() {
        periodicOnBob();
        assertThat(pair.bobStore.size()).isZero(); // connected, and no session on connect: only rounds bring records
        pair.aliceStore.add(TestRecords.item(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> pair.bobStore.size() == 1);
        // a later round brings what arrived after the first one, and sends bob's own new records to alice
        pair.aliceStore.add(TestRecords.item(2));
        pair.bobStore.add(TestRecords.item(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> pair.bobStore.size() == 3 && pair.aliceStore.size() == 3);
    }

    @Test
    void closedPeriodicSyncStartsNoMoreRounds() throws Exception {
        periodicOnBob().close();
        pair.aliceStore.add(TestRecords.item(1));
        Thread.sleep(INTERVAL.toMillis() * 4);
        assertThat(pair.bobStore.size()).isZero();
    }

    @Test
    void atMostOneSessionPerPeerAndSetAtATime() throws Exception {
        Host mute = pair.host();
        mute.setStreamHandler(SyncService.PROTOCOL_ID, stream -> { }); // never answers: the session stays open
        pair.bob.dial(mute.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        SyncService bobSync = pair.bobSync;
        CompletableFuture<SyncResult> first = bobSync.syncIfIdle(mute.peerId(), SET).orElseThrow();
        assertThat(bobSync.syncIfIdle(mute.peerId(), SET)).isEmpty();
        // another peer is not held up by it
        CompletableFuture<SyncResult> other = bobSync.syncIfIdle(pair.alice.peerId(), SET).orElseThrow();
        assertThat(other.get(10, TimeUnit.SECONDS).rounds()).isPositive();
        first.cancel(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> bobSync.syncIfIdle(mute.peerId(), SET)
                .map(f -> f.cancel(true)).isPresent());
    }

    @Test
    void refusesANonPositiveIntervalOrPeerCount() {
        assertThatThrownBy(() -> PeriodicSync.start(pair.bobSync, pair.bob, SET, Duration.ZERO, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeriodicSync.start(pair.bobSync, pair.bob, SET, INTERVAL, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
