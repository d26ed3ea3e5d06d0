package io.grapevine.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final SyncConfig TIGHT = new SyncConfig(1 << 20, 4 << 10, 64 << 10, 16384, 64, 4096, 8, 16384, 16,
            4, 4, 4096, 1 << 20, 8, Duration.ofSeconds(30), Duration.ofMinutes(2), 16);

    @Test
    void answerOverTheBudgetSendsTheRestOfTheSpaceAsOneRange() {
        InMemorySyncStore store = TestRecords.store();
        for (int i = 0; i < 3_000; i++) {
            store.add(TestRecords.item(i, 50));
        }
        List<SyncKey> keys = store.keys(SyncKey.MIN, SyncKey.MAX, 0, Integer.MAX_VALUE);
        List<SyncRange> incoming = new ArrayList<>();
        for (int i = 1; i < 10; i++) {
            incoming.add(SyncRange.fingerprint(keys.get(i * 300), new byte[16])); // all mismatch
        }
        incoming.add(SyncRange.fingerprint(SyncKey.MAX, new byte[16]));
        List<SyncRange> out = new Reconciler(store, TIGHT).respond(incoming);

        assertThat(out.size()).isLessThanOrEqualTo(TIGHT.maxRangesOut());
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).upper()).isGreaterThan(out.get(i - 1).upper());
        }
        SyncRange rest = out.getLast();
        assertThat(rest.upper()).isEqualTo(SyncKey.MAX);
        assertThat(rest.mode()).isEqualTo(SyncRange.Mode.FINGERPRINT);
        // the first incoming range (300 records) was split in 4; the rest of the space comes back whole
        SyncKey restLower = out.get(out.size() - 2).upper();
        assertThat(rest.fingerprint()).isEqualTo(store.fingerprint(restLower, SyncKey.MAX));
        assertThat(store.count(restLower, SyncKey.MAX)).isGreaterThan(2_000);
    }

    @Test
    void matchingFingerprintsAreSkippedAndTheAnswerIsEmpty() {
        InMemorySyncStore store = TestRecords.store();
        for (int i = 0; i < 500; i++) {
            store.add(TestRecords.item(i, 50));
        }
        List<SyncRange> incoming = List.of(SyncRange.fingerprint(SyncKey.MAX,
                store.fingerprint(SyncKey.MIN, SyncKey.MAX)));
        assertThat(new Reconciler(store, SyncConfig.defaults()).respond(incoming)).isEmpty();
    }

    @Test
    void idListSettlesTheRangeBothWays() {
        InMemorySyncStore store = TestRecords.store();
        for (int i = 0; i < 10; i++) {
            store.add(TestRecords.item(i, 50));
        }
        byte[] theirs = new byte[64];
        System.arraycopy(TestRecords.keyOf(TestRecords.item(0, 50)).id(), 0, theirs, 0, 32); // shared
        System.arraycopy(TestRecords.keyOf(TestRecords.item(99, 50)).id(), 0, theirs, 32, 32); // ours lacks it
        Reconciler r = new Reconciler(store, SyncConfig.defaults());
        assertThat(r.respond(List.of(SyncRange.ids(SyncKey.MAX, theirs)))).isEmpty();
        assertThat(r.toSend()).hasSize(9);
        assertThat(r.nextWants(10)).singleElement()
                .isEqualTo(TestRecords.keyOf(TestRecords.item(99, 50)).id());
        assertThat(r.nextWants(10)).isEmpty(); // asked once
    }

    @Test
    void wantsBeyondTheSessionLimitAreRefused() {
        SyncConfig small = new SyncConfig(1 << 20, 4 << 10, 64 << 10, 16384, 64, 4096, 8, 16384, 16, 4, 4, 4096,
                3, 8, Duration.ofSeconds(30), Duration.ofMinutes(2), 16);
        Reconciler r = new Reconciler(TestRecords.store(), small);
        for (int i = 0; i < 3; i++) {
            assertThat(r.queueWanted(new byte[] {(byte) i})).isTrue();
        }
        assertThat(r.queueWanted(new byte[] {9})).isFalse();
        assertThat(r.toSend()).hasSize(3);
    }
}
