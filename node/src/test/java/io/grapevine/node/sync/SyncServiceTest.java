package io.grapevine.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.p2p.host.Host;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncServiceTest {
    private static final String SET = "announce";

    private SyncPair pair;
    private Host alice;
    private Host bob;
    private InMemorySyncStore aliceStore;
    private InMemorySyncStore bobStore;
    private SyncService aliceSync;
    private SyncService bobSync;

    @BeforeEach
    void setUp() throws Exception {
        pair = new SyncPair();
        alice = pair.alice;
        bob = pair.bob;
        aliceStore = pair.aliceStore;
        bobStore = pair.bobStore;
        aliceSync = pair.aliceSync;
        bobSync = pair.bobSync;
    }

    @AfterEach
    void tearDown() throws Exception {
        pair.close();
    }

    private Host host() throws Exception {
        return pair.host();
    }

    private SyncService service(Host host, SyncStore store, SyncConfig config) {
        return pair.service(host, store, config);
    }

    private SyncResult sync() throws Exception {
        return aliceSync.sync(bob.peerId(), SET).get(30, TimeUnit.SECONDS);
    }

    private static void fill(InMemorySyncStore store, int from, int to) {
        for (int i = from; i < to; i++) {
            store.add(TestRecords.item(i));
        }
    }

    private void assertSameSets() {
        assertThat(aliceStore.size()).isEqualTo(bobStore.size());
        assertThat(aliceStore.fingerprint(SyncKey.MIN, SyncKey.MAX))
                .isEqualTo(bobStore.fingerprint(SyncKey.MIN, SyncKey.MAX));
    }

    @Test
    void identicalSetsSettleInOneRoundWithTinyTraffic() throws Exception {
        fill(aliceStore, 0, 10_000);
        fill(bobStore, 0, 10_000);
        SyncResult r = sync();
        assertThat(r.rounds()).isEqualTo(1);
        assertThat(r.received()).isZero();
        assertThat(r.sent()).isZero();
        assertThat(r.bytesOut() + r.bytesIn()).isLessThan(100);
    }

    @Test
    void disjointSetsEndUnited() throws Exception {
        fill(aliceStore, 0, 3_000);
        fill(bobStore, 3_000, 5_000);
        SyncResult r = sync();
        assertThat(r.received()).isEqualTo(2_000);
        assertThat(r.sent()).isEqualTo(3_000);
        assertThat(aliceStore.size()).isEqualTo(5_000);
        assertSameSets();
    }

    @Test
    void tenDifferencesOutOfTenThousandBothWaysCostLittle() throws Exception {
        fill(aliceStore, 0, 10_000);
        fill(bobStore, 0, 10_000);
        for (int i = 0; i < 5; i++) {
            aliceStore.add(TestRecords.item(20_000 + i * 1_777));
            bobStore.add(TestRecords.item(30_000 + i * 1_333));
        }
        SyncResult r = sync();
        assertThat(r.received()).isEqualTo(5);
        assertThat(r.sent()).isEqualTo(5);
        assertSameSets();
        // records are 10 x 500 bytes; the reconciliation itself must stay far below sending the set's ids (320 KB)
        assertThat(r.bytesIn() + r.bytesOut()).isLessThan(30_000);
    }

    @Test
    void emptySideCatchesUpAllInEitherRole() throws Exception {
        fill(bobStore, 0, 4_000);
        SyncResult pulled = sync();
        assertThat(pulled.received()).isEqualTo(4_000);
        assertSameSets();

        InMemorySyncStore fresh = TestRecords.store();
        bobSync.addSet("other", fresh);
        aliceSync.addSet("other", aliceStore);
        SyncResult pushed = aliceSync.sync(bob.peerId(), "other").get(30, TimeUnit.SECONDS);
        assertThat(pushed.sent()).isEqualTo(4_000);
        assertThat(fresh.size()).isEqualTo(4_000);
    }

    @Test
    void bothEmptyIsOneRound() throws Exception {
        SyncResult r = sync();
        assertThat(r.rounds()).isEqualTo(1);
        assertThat(r.received() + r.sent()).isZero();
    }

    @Test
    void unknownSetIsRefusedWithAReason() throws Exception {
        aliceSync.addSet("votes/x", TestRecords.store());
        assertThatThrownBy(() -> aliceSync.sync(bob.peerId(), "votes/x").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SyncException.class).hasMessageContaining("unknown set votes/x");
    }

    @Test
    void peerSendingInvalidRecordsIsStopped() throws Exception {
        fill(aliceStore, 0, 100);
        // bob holds records alice's validator rejects (it accepts only well-formed ones; see TestRecords.keyOf)
        InMemorySyncStore lax = new InMemorySyncStore(rec -> {
            byte[] copy = rec.clone();
            copy[8] = 0;
            SyncKey k = TestRecords.keyOf(copy);
            return k == null ? null : SyncKey.of(k.time(), TestRecords.keyOf(copy).id());
        });
        for (int i = 0; i < 20; i++) {
            byte[] bad = TestRecords.item(500 + i);
            bad[8] = 0x7f;
            lax.add(bad);
        }
        bobSync.addSet("lax", lax);
        aliceSync.addSet("lax", aliceStore);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> aliceSync.sync(bob.peerId(), "lax").get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(SyncException.class).hasMessageContaining("invalid records");
        assertThat(((SyncException) e.getCause()).peerFault()).isTrue();
        assertThat(aliceStore.size()).isEqualTo(100);
    }

    @Test
    void silentPeerTimesOut() throws Exception {
        Host mute = host();
        mute.setStreamHandler(SyncService.PROTOCOL_ID, stream -> { }); // reads nothing, says nothing
        SyncService impatient = service(alice, aliceStore,
                SyncConfig.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(5)));
        alice.dial(mute.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> impatient.sync(mute.peerId(), SET).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SyncException.class).hasMessageContaining("sent nothing");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSlowReceiverGetsTimeToStoreWhatItWasSent() throws Exception {
        // bob needs 1.5 ms per record (1.5 s for the one batch), three times alice's read timeout; the 1,000 records
        // alice sends earn her wait 5 s
        fill(aliceStore, 0, 1_000);
        Host slowHost = host();
        InMemorySyncStore slow = new InMemorySyncStore(record -> {
            try {
                Thread.sleep(Duration.ofNanos(1_500_000)); // a loaded node verifying a signature
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TestRecords.keyOf(record);
        });
        service(slowHost, slow, SyncConfig.defaults());
        SyncService impatient = service(alice, aliceStore,
                SyncConfig.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(20)));
        alice.dial(slowHost.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        SyncResult r = impatient.sync(slowHost.peerId(), SET).get(30, TimeUnit.SECONDS);
        assertThat(r.sent()).isEqualTo(1_000);
        assertThat(slow.size()).isEqualTo(1_000);
    }

    @Test
    void cancellingEndsTheSessionAndClosesTheStream() throws Exception {
        Host mute = host();
        CompletableFuture<Void> streamEnded = new CompletableFuture<>();
        mute.setStreamHandler(SyncService.PROTOCOL_ID, stream -> stream.channel().pipeline().addLast(
                new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
                            streamEnded.complete(null); // our FIN
                        }
                    }

                    @Override
                    public void channelInactive(io.netty.channel.ChannelHandlerContext ctx) {
                        streamEnded.complete(null);
                    }
                }));
        alice.dial(mute.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        CompletableFuture<SyncResult> running = aliceSync.sync(mute.peerId(), SET);
        Thread.sleep(200);
        running.cancel(true);
        assertThatThrownBy(running::join).isInstanceOf(CancellationException.class);
        streamEnded.get(10, TimeUnit.SECONDS);
    }

    @Test
    void closingTheServiceEndsRunningSessions() throws Exception {
        Host mute = host();
        mute.setStreamHandler(SyncService.PROTOCOL_ID, stream -> { });
        alice.dial(mute.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        CompletableFuture<SyncResult> running = aliceSync.sync(mute.peerId(), SET);
        Thread.sleep(200);
        aliceSync.close();
        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> aliceSync.sync(bob.peerId(), SET).join()).hasMessageContaining("closed");
    }

    @Test
    void syncsOnConnectWhenEnabled() throws Exception {
        Host carol = host();
        InMemorySyncStore carolStore = TestRecords.store();
        SyncService carolSync = service(carol, carolStore, SyncConfig.defaults());
        carolSync.syncOnConnect(SET, 2);
        fill(bobStore, 0, 300);
        carol.dial(bob.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> carolStore.size() == 300);
    }

    @Test
    void smallBudgetsTakeMoreRoundsButConvergeWithEqualTimesAndManyDifferences() throws Exception {
        // tiny limits force the "rest of the space as one range" path; times collide so ids split ranges
        SyncConfig tight = new SyncConfig(1 << 20, 4 << 10, 64 << 10, 16384, 64, 4096, 8, 16384, 16, 4, 4, 4096,
                1 << 20, 8, Duration.ofSeconds(30), Duration.ofMinutes(2), 16);
        Host carol = host();
        Host dave = host();
        InMemorySyncStore c = TestRecords.store();
        InMemorySyncStore d = TestRecords.store();
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 3_000; i++) {
            byte[] r = TestRecords.record(1_000 + i % 7, i, 100);
            r[8] = 0;
            int where = random.nextInt(10);
            if (where < 7) {
                c.add(r);
                d.add(r);
            } else if (where < 9) {
                c.add(r);
            } else {
                d.add(r);
            }
        }
        SyncService cs = service(carol, c, tight);
        service(dave, d, tight);
        carol.dial(dave.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        SyncResult r = cs.sync(dave.peerId(), SET).get(60, TimeUnit.SECONDS);
        assertThat(c.size()).isEqualTo(3_000);
        assertThat(d.size()).isEqualTo(3_000);
        assertThat(c.fingerprint(SyncKey.MIN, SyncKey.MAX)).isEqualTo(d.fingerprint(SyncKey.MIN, SyncKey.MAX));
        assertThat(r.rounds()).isGreaterThan(10);
    }

    @Test
    void busyResponderRefusesWithAReason() throws Exception {
        Host busy = host();
        SyncConfig d = SyncConfig.defaults();
        service(busy, TestRecords.store(), new SyncConfig(d.maxFrameBytes(), d.recordBatchBytes(), d.maxRecordBytes(),
                d.maxRecordsPerMessage(), d.maxWantsPerMessage(), d.maxRangesPerMessage(), d.maxRangesOut(),
                d.maxIdsPerMessage(), d.maxIdsOut(), d.branching(), d.idsThreshold(), d.maxRounds(),
                d.maxWantedPerSession(), d.maxInvalidRecords(), d.readTimeout(), d.sessionTimeout(), 0));
        alice.dial(busy.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> aliceSync.sync(busy.peerId(), SET).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SyncException.class).hasMessageContaining("busy");
    }
}
