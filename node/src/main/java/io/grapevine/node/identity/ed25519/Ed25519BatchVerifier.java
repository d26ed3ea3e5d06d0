package io.grapevine.node.identity.ed25519;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ed25519 signatures under Grapevine's rule (RFC 8032 5.1.7's cofactored group equation; docs/announce.md,
 * "Validation"): s < L; A and R canonical encodings of curve points; A not of small order; accept iff
 * [8][s]B = [8]R + [8][k]A with k = SHA-512(R || A || M) mod L.
 *
 * <p>{@link #verify} checks many at once with one random linear combination: with 127-bit random odd z_i it tests
 * [8](sum z_i R_i + sum_A (sum z_i k_i) A - (sum z_i s_i) B) = identity, sharing the doublings of one multi-scalar
 * multiplication and summing the A terms of each distinct key first. A batch of valid signatures passes; a batch
 * holding an invalid one fails except with probability below 2^-126, and is then split in halves until each bad
 * item is found (each item alone once bad ones are dense), so every item's result equals {@link #verifyOne}'s.
 * Thread-safe.
 */
public final class Ed25519BatchVerifier {
    /** One signature to check: the 32-byte public key, the message, the 64-byte signature. */
    public record Item(byte[] publicKey, byte[] message, byte[] signature) {}

    private static final int R_WINDOW = 5;
    private final SecureRandom random;

    public Ed25519BatchVerifier() {
        this(new SecureRandom());
    }

    public Ed25519BatchVerifier(SecureRandom random) {
        this.random = random;
    }

    /** The single rule. */
    public static boolean verifyOne(byte[] publicKey, byte[] message, byte[] signature) {
        Decoded d = decode(new Item(publicKey, message, signature), sha512());
        if (d == null) return false;
        ExtendedPoint.Temp tmp = new ExtendedPoint.Temp();
        ExtendedPoint acc = new ExtendedPoint();
        // [k]A - [s]B + R, the last as a plain addition: its scalar is 1.
        byte[][] nafs = {Scalars.wnaf(d.k, DecodedKey.WINDOW), Scalars.wnaf(Scalars.L.subtract(d.s).mod(Scalars.L), BasePoint.WINDOW)};
        CachedPoint[][] tables = {d.key.table, BasePoint.TABLE};
        Straus.multiply(nafs, tables, 2, acc, tmp);
        acc.add(CachedPoint.of(d.r), false, tmp);
        return cofactorClears(acc, tmp);
    }

    /** The rule's result for each item, in order. */
    public boolean[] verify(List<Item> items) {
        int n = items.size();
        boolean[] ok = new boolean[n];
        Prepared[] prepared = new Prepared[n];
        MessageDigest sha = sha512();
        byte[] zBytes = new byte[16 * n];
        random.nextBytes(zBytes);
        ExtendedPoint.Temp tmp = new ExtendedPoint.Temp();
        List<Prepared> candidates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            prepared[i] = prepare(i, items.get(i), sha, zBytes, tmp);
            if (prepared[i] != null) candidates.add(prepared[i]);
        }
        check(candidates, ok, tmp);
        return ok;
    }

    /** Checks the equation of a group of decoded items; on failure finds the bad ones. */
    private static void check(List<Prepared> group, boolean[] ok, ExtendedPoint.Temp tmp) {
        if (group.isEmpty()) return;
        if (holds(group, tmp)) {
            for (Prepared p : group) ok[p.index] = true;
        } else {
            findBad(group, ok, tmp);
        }
    }

    /**
     * For a group whose equation failed: the halves' equations; a failing half is searched the same way. When both
     * halves fail, bad items are dense (a hostile batch) and each item is checked alone, which bounds the cost at about
     * that of single checks instead of the whole halving tree.
     */
    private static void findBad(List<Prepared> group, boolean[] ok, ExtendedPoint.Temp tmp) {
        if (group.size() == 1) return;
        List<Prepared> first = group.subList(0, group.size() / 2), second = group.subList(group.size() / 2, group.size());
        boolean firstHolds = holds(first, tmp);
        boolean secondHolds = holds(second, tmp);
        if (!firstHolds && !secondHolds) {
            for (Prepared p : group) ok[p.index] = holds(List.of(p), tmp);
            return;
        }
        if (firstHolds) {
            for (Prepared p : first) ok[p.index] = true;
        } else {
            findBad(first, ok, tmp);
        }
        if (secondHolds) {
            for (Prepared p : second) ok[p.index] = true;
        } else {
            findBad(second, ok, tmp);
        }
    }

    private static boolean holds(List<Prepared> group, ExtendedPoint.Temp tmp) {
        Map<DecodedKey, BigInteger> perKey = new IdentityHashMap<>();
        BigInteger bSum = BigInteger.ZERO;
        int terms = 0;
        byte[][] nafs = new byte[group.size() * 2 + 1][];
        CachedPoint[][] tables = new CachedPoint[nafs.length][];
        for (Prepared p : group) {
            bSum = bSum.add(p.z.multiply(p.s));
            perKey.merge(p.key, p.z.multiply(p.k), BigInteger::add);
            nafs[terms] = p.zNaf;
            tables[terms++] = p.rTable;
        }
        for (Map.Entry<DecodedKey, BigInteger> e : perKey.entrySet()) {
            nafs[terms] = Scalars.wnaf(e.getValue().mod(Scalars.L), DecodedKey.WINDOW);
            tables[terms++] = e.getKey().table;
        }
        nafs[terms] = Scalars.wnaf(Scalars.L.subtract(bSum.mod(Scalars.L)).mod(Scalars.L), BasePoint.WINDOW);
        tables[terms++] = BasePoint.TABLE;
        ExtendedPoint acc = new ExtendedPoint();
        Straus.multiply(nafs, tables, terms, acc, tmp);
        return cofactorClears(acc, tmp);
    }

    /** An item's parts, or null when it fails a check that needs no equation (lengths, s, A, R). */
    private static Decoded decode(Item item, MessageDigest sha) {
        if (item == null) return null;
        byte[] pk = item.publicKey(), sig = item.signature(), msg = item.message();
        if (pk == null || sig == null || msg == null || pk.length != 32 || sig.length != 64) return null;
        BigInteger s = Scalars.canonicalS(sig);
        if (s == null) return null;
        DecodedKey key = DecodedKeys.of(pk);
        if (key == null || key.smallOrder) return null;
        ExtendedPoint r = PointDecoder.decode(sig, 0);
        if (r == null) return null;
        return new Decoded(key, r, s, challenge(sha, sig, pk, msg));
    }

    private record Decoded(DecodedKey key, ExtendedPoint r, BigInteger s, BigInteger k) {}

    /** The item decoded with its random z and R table, or null when it fails a check that needs no equation. */
    private static Prepared prepare(int index, Item item, MessageDigest sha, byte[] zBytes, ExtendedPoint.Temp tmp) {
        Decoded d = decode(item, sha);
        if (d == null) return null;
        byte[] zLe = new byte[16];
        System.arraycopy(zBytes, 16 * index, zLe, 0, 16);
        zLe[0] |= 1; // odd, so never zero
        zLe[15] &= 0x7F;
        BigInteger z = Scalars.fromLittleEndian(zLe, 0, 16);
        return new Prepared(index, d.key, d.s, d.k, z, Scalars.wnaf(z, R_WINDOW), OddMultiples.of(d.r, R_WINDOW, false, tmp));
    }

    private record Prepared(int index, DecodedKey key, BigInteger s, BigInteger k, BigInteger z, byte[] zNaf,
                            CachedPoint[] rTable) {}

    private static BigInteger challenge(MessageDigest sha, byte[] sig, byte[] pk, byte[] msg) {
        sha.reset();
        sha.update(sig, 0, 32);
        sha.update(pk);
        sha.update(msg);
        byte[] h = sha.digest();
        return Scalars.fromLittleEndian(h, 0, 64).mod(Scalars.L);
    }

    /** Whether [8]p is the identity (p is consumed). */
    private static boolean cofactorClears(ExtendedPoint p, ExtendedPoint.Temp tmp) {
        for (int i = 0; i < 3; i++) p.twice(tmp, false); // the identity test reads X, Y, Z only
        return p.isIdentity(tmp);
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required of every JDK", e);
        }
    }
}
