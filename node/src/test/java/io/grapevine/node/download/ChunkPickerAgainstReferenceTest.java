package io.grapevine.node.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bucketed picker against the old sorting one over random downloads: peers joining, leaving and lacking chunks,
 * picks of random sizes, releases, verifications and endgame duplicates. Both draw the same random rank order, so
 * every pick must be the same list in the same order.
 */
class ChunkPickerAgainstReferenceTest {
    private static final class Peer {
        BitSet have;
        final BitSet mine = new BitSet();
        final List<Integer> inFlight = new ArrayList<>();
        boolean connected;
    }

    @Test
    void picksExactlyWhatTheSortingPickerPicked() {
        for (int seed = 0; seed < 300; seed++) {
            runOne(seed);
        }
    }

    private static void runOne(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(seed % 10 == 0 ? 3_000 : 200);
        BitSet done = new BitSet();
        for (int i = 0; i < n; i++) {
            if (r.nextInt(10) == 0) {
                done.set(i);
            }
        }
        ChunkPicker real = new ChunkPicker(n, (BitSet) done.clone(), new Random(seed));
        ReferenceChunkPicker ref = new ReferenceChunkPicker(n, (BitSet) done.clone(), new Random(seed));
        List<Peer> peers = new ArrayList<>();
        for (int p = 0, count = 1 + r.nextInt(6); p < count; p++) {
            Peer peer = new Peer();
            peer.have = new BitSet(n);
            int density = r.nextInt(4) == 0 ? 100 : 1 + r.nextInt(100);
            for (int i = 0; i < n; i++) {
                if (r.nextInt(100) < density) {
                    peer.have.set(i);
                }
            }
            peers.add(peer);
        }
        for (int step = 0; step < 2_000 && ref.remaining() > 0; step++) {
            Peer peer = peers.get(r.nextInt(peers.size()));
            int op = r.nextInt(100);
            if (!peer.connected) {
                real.addPeer(peer.have);
                ref.addPeer(peer.have);
                peer.connected = true;
            } else if (op < 45) {
                int max = 1 + r.nextInt(40);
                int endgame = 1 + r.nextInt(3);
                assertThat(real.hasWork(peer.have, peer.mine)).as("seed %d step %d", seed, step)
                        .isEqualTo(ref.hasWork(peer.have, peer.mine));
                List<Integer> got = real.pick(peer.have, max, endgame, peer.mine);
                List<Integer> want = ref.pick(peer.have, max, endgame, peer.mine);
                assertThat(got).as("seed %d step %d", seed, step).isEqualTo(want);
                got.forEach(peer.mine::set);
                peer.inFlight.addAll(got);
            } else if (op < 80 && !peer.inFlight.isEmpty()) {
                // A chunk answered: stored (verified, maybe a duplicate), or missing (the peer lacks it).
                int i = peer.inFlight.remove(r.nextInt(peer.inFlight.size()));
                peer.mine.clear(i);
                if (r.nextInt(8) == 0 && peer.have.get(i)) {
                    peer.have.clear(i);
                    real.peerLacks(i);
                    ref.peerLacks(i);
                } else if (r.nextInt(4) != 0) {
                    assertThat(real.markVerified(i)).isEqualTo(ref.markVerified(i));
                }
                real.release(i);
                ref.release(i);
            } else if (op < 85) {
                // The peer fails: its requests are released, it leaves, and may come back later.
                for (int i : peer.inFlight) {
                    real.release(i);
                    ref.release(i);
                }
                peer.inFlight.clear();
                peer.mine.clear();
                real.removePeer(peer.have);
                ref.removePeer(peer.have);
                peer.connected = false;
            }
            assertThat(real.remaining()).isEqualTo(ref.remaining());
            assertThat(real.verifiedCount()).isEqualTo(ref.verifiedCount());
        }
        for (int i = 0; i < n; i++) {
            assertThat(real.availability(i)).as("seed %d chunk %d", seed, i).isEqualTo(ref.availability(i));
        }
    }
}
