package io.grapevine.node.identity.ed25519;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test material: BouncyCastle-signed items, BouncyCastle's own verdict, and signatures made from raw scalars. */
final class Signatures {
    private Signatures() {}

    /** A BouncyCastle key pair: secret (32) then public (32). */
    static byte[][] keyPair(Random random) {
        byte[] sk = new byte[32];
        random.nextBytes(sk);
        byte[] pk = new byte[32];
        Ed25519.generatePublicKey(sk, 0, pk, 0);
        return new byte[][]{sk, pk};
    }

    static Ed25519BatchVerifier.Item sign(byte[][] keyPair, byte[] message) {
        byte[] sig = new byte[64];
        Ed25519.sign(keyPair[0], 0, message, 0, message.length, sig, 0);
        return new Ed25519BatchVerifier.Item(keyPair[1], message, sig);
    }

    /** n honestly signed items by `keys` distinct keys (round robin), random messages of 0-299 bytes. */
    static List<Ed25519BatchVerifier.Item> honest(int n, int keys, Random random) {
        byte[][][] pairs = new byte[keys][][];
        for (int i = 0; i < keys; i++) pairs[i] = keyPair(random);
        List<Ed25519BatchVerifier.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] msg = new byte[random.nextInt(300)];
            random.nextBytes(msg);
            items.add(sign(pairs[i % keys], msg));
        }
        return items;
    }

    static boolean bouncyCastle(Ed25519BatchVerifier.Item item) {
        byte[] sig = item.signature(), pk = item.publicKey(), msg = item.message();
        if (sig.length != 64 || pk.length != 32) return false;
        return Ed25519.verify(sig, 0, pk, 0, msg, 0, msg.length);
    }

    /** [k]P by the package's own multiplication (k < 2^253). */
    static ExtendedPoint times(BigInteger k, ExtendedPoint p) {
        ExtendedPoint.Temp tmp = new ExtendedPoint.Temp();
        ExtendedPoint out = new ExtendedPoint();
        Straus.multiply(new byte[][]{Scalars.wnaf(k, 5)}, new CachedPoint[][]{OddMultiples.of(p, 5, false, tmp)}, 1, out, tmp);
        return out;
    }

    static ExtendedPoint sum(ExtendedPoint p, ExtendedPoint q) {
        ExtendedPoint out = new ExtendedPoint();
        out.set(p);
        out.add(CachedPoint.of(q), false, new ExtendedPoint.Temp());
        return out;
    }

    /**
     * A signature by secret scalar a whose R = [r]B + torsion: valid under the cofactored rule (the torsion vanishes
     * in [8]R) and not under the cofactorless one. Returns the item.
     */
    static Ed25519BatchVerifier.Item signWithTorsion(BigInteger a, BigInteger r, ExtendedPoint torsion, byte[] msg) throws Exception {
        byte[] pk = times(a, BasePoint.B).encode();
        byte[] rEnc = sum(times(r, BasePoint.B), torsion).encode();
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        sha.update(rEnc);
        sha.update(pk);
        sha.update(msg);
        BigInteger k = Scalars.fromLittleEndian(sha.digest(), 0, 64).mod(Scalars.L);
        BigInteger s = r.add(k.multiply(a)).mod(Scalars.L);
        byte[] sig = new byte[64];
        System.arraycopy(rEnc, 0, sig, 0, 32);
        System.arraycopy(Scalars.toLittleEndian(s, 32), 0, sig, 32, 32);
        return new Ed25519BatchVerifier.Item(pk, msg, sig);
    }

    /** The cofactorless equation [s]B = R + [k]A (no canonical checks: for signatures known to decode). */
    static boolean cofactorless(Ed25519BatchVerifier.Item item) throws Exception {
        byte[] sig = item.signature();
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        sha.update(sig, 0, 32);
        sha.update(item.publicKey());
        sha.update(item.message());
        BigInteger k = Scalars.fromLittleEndian(sha.digest(), 0, 64).mod(Scalars.L);
        BigInteger s = Scalars.fromLittleEndian(sig, 32, 32);
        ExtendedPoint left = times(s, BasePoint.B);
        ExtendedPoint right = sum(PointDecoder.decode(sig, 0), times(k, PointDecoder.decode(item.publicKey(), 0)));
        return java.util.Arrays.equals(left.encode(), right.encode());
    }
}
