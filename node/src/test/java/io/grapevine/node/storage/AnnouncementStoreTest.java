package io.grapevine.node.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnnouncementStoreTest {
    @TempDir
    Path tmp;

    private ContentDatabase database;
    private AnnouncementStore store;

    @BeforeEach
    void open() {
        database = ContentDatabase.open(tmp);
        store = new AnnouncementStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static byte[] id(int n) {
        byte[] id = new byte[32];
        id[31] = (byte) n;
        id[0] = (byte) (n >> 8);
        return id;
    }

    private static byte[] cid(int n) {
        return new byte[] {1, 2, (byte) n, (byte) (n >> 8)};
    }

    @Test
    void putGetAndReplace() {
        store.put(cid(1), 100, id(1), new byte[] {7});
        assertThat(store.announcement(cid(1)).orElseThrow().data()).containsExactly(7);
        assertThat(store.byId(id(1)).orElseThrow().time()).isEqualTo(100);
        store.put(cid(1), 200, id(2), new byte[] {8});
        assertThat(store.announcement(cid(1)).orElseThrow().data()).containsExactly(8);
        assertThat(store.byId(id(1))).as("the replaced record is gone from every index").isEmpty();
        assertThat(store.range(0, null, 10)).hasSize(1);
        assertThat(store.changes()).isEqualTo(2);
    }

    @Test
    void retractionLeavesATombstoneInTheOrder() {
        store.put(cid(1), 100, id(1), new byte[] {7});
        store.retract(cid(1), 150, id(2), new byte[] {9});
        assertThat(store.announcement(cid(1))).isEmpty();
        AnnouncementStore.Entry tombstone = store.tombstone(cid(1)).orElseThrow();
        assertThat(tombstone.tombstone()).isTrue();
        assertThat(tombstone.data()).containsExactly(9);
        assertThat(store.range(0, null, 10)).extracting(AnnouncementStore.Entry::time).containsExactly(150L);
        assertThat(store.byId(id(2)).orElseThrow().tombstone()).isTrue();
        assertThat(store.announcements().hasNext()).isFalse();
    }

    @Test
    void rangeIsOrderedByTimeThenIdAndPagesExclusively() {
        store.put(cid(1), 300, id(5), new byte[0]);
        store.put(cid(2), 100, id(9), new byte[0]);
        store.put(cid(3), 100, id(3), new byte[0]);
        store.put(cid(4), 200, id(1), new byte[0]);
        List<AnnouncementStore.Entry> all = store.range(0, null, 10);
        assertThat(all).extracting(e -> e.id()[31]).containsExactly((byte) 3, (byte) 9, (byte) 1, (byte) 5);
        List<AnnouncementStore.Entry> next = store.range(100, id(9), 2);
        assertThat(next).extracting(AnnouncementStore.Entry::time).containsExactly(200L, 300L);
        assertThat(store.range(250, null, 10)).hasSize(1);
    }

    @Test
    void iteratesEveryAnnouncementAcrossPages() {
        for (int i = 0; i < 2500; i++) store.put(cid(i), i, id(i), new byte[] {(byte) i});
        List<byte[]> seen = new ArrayList<>();
        store.announcements().forEachRemaining(e -> seen.add(e.contentId()));
        assertThat(seen).hasSize(2500);
        assertThat(seen.stream().map(Arrays::toString).distinct().count()).isEqualTo(2500);
    }

    @Test
    void survivesReopen() {
        store.put(cid(1), 100, id(1), new byte[] {7});
        database.close();
        database = ContentDatabase.open(tmp);
        store = new AnnouncementStore(database);
        assertThat(store.announcement(cid(1))).isPresent();
        assertThat(store.changes()).isEqualTo(1);
    }
}
