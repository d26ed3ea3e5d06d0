package io.grapevine.market.payment;

import org.bitcoinj.base.Sha256Hash;

import java.util.ArrayList;
import java.util.List;

/** Bitcoin's transaction merkle root, refusing the duplicated-sibling mutation (CVE-2012-2459). */
final class MerkleRoot {
    private MerkleRoot() {
    }

    /** The root over {@code txids} (block order), or empty if the list is empty or mutated. */
    static java.util.Optional<Sha256Hash> of(List<Sha256Hash> txids) {
        if (txids.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<byte[]> level = new ArrayList<>(txids.size());
        for (Sha256Hash h : txids) {
            level.add(h.serialize()); // internal (little-endian) byte order
        }
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                byte[] left = level.get(i);
                byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
                if (i + 1 < level.size() && java.util.Arrays.equals(left, right)) {
                    return java.util.Optional.empty();
                }
                byte[] both = new byte[64];
                System.arraycopy(left, 0, both, 0, 32);
                System.arraycopy(right, 0, both, 32, 32);
                next.add(Sha256Hash.hashTwice(both));
            }
            level = next;
        }
        return java.util.Optional.of(Sha256Hash.wrapReversed(level.get(0)));
    }
}
