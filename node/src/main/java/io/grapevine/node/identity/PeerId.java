package io.grapevine.node.identity;

import io.grapevine.node.multiformats.Base58;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.InvalidMultiformatException;
import io.grapevine.node.multiformats.Multihash;
import java.util.Arrays;
import java.util.Optional;

/**
 * A peer's identity: the multihash of its marshalled public key (identity multihash up to 42 bytes, else sha2-256).
 * Printed as base58btc ({@code 12D3KooW...}, {@code Qm...}).
 */
public final class PeerId {
    /** Keys that marshal to at most this many bytes are embedded rather than hashed. */
    public static final int MAX_INLINE_KEY_LENGTH = 42;
    private static final int MAX_STRING_LENGTH = 256;

    private final Multihash multihash;
    private final byte[] bytes;

    private PeerId(Multihash multihash) {
        this.multihash = multihash;
        this.bytes = multihash.toBytes();
    }

    public static PeerId fromPublicKey(PublicKey key) {
        byte[] marshalled = key.marshal();
        return new PeerId(marshalled.length <= MAX_INLINE_KEY_LENGTH
                ? Multihash.identity(marshalled)
                : Multihash.sha256(marshalled));
    }

    /** The binary peer id (a multihash), as carried in /p2p multiaddrs and protobufs. */
    public static PeerId fromBytes(byte[] bytes) {
        try {
            return fromMultihash(Multihash.fromBytes(bytes));
        } catch (InvalidMultiformatException e) {
            throw new KeyFormatException("invalid peer id: " + e.getMessage(), e);
        }
    }

    public static PeerId fromMultihash(Multihash multihash) {
        boolean valid = switch (multihash.code()) {
            case Multihash.IDENTITY -> multihash.digestLength() <= MAX_INLINE_KEY_LENGTH;
            case Multihash.SHA2_256 -> true;
            default -> false;
        };
        if (!valid) {
            throw new KeyFormatException("peer id must be an identity multihash of <= 42 bytes or a sha2-256 multihash");
        }
        return new PeerId(multihash);
    }

    /** Parses base58btc ({@code 1...}, {@code Qm...}) or a CIDv1 with the libp2p-key codec ({@code bafz...}). */
    public static PeerId parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_STRING_LENGTH) {
            throw new KeyFormatException("peer id text must be 1.." + MAX_STRING_LENGTH + " characters");
        }
        try {
            if (text.startsWith("1") || text.startsWith("Qm")) {
                return fromBytes(Base58.decode(text));
            }
            Cid cid = Cid.parse(text);
            if (cid.version() != 1 || cid.codec() != Cid.LIBP2P_KEY) {
                throw new KeyFormatException("CID is not a libp2p-key CIDv1: " + text);
            }
            return fromMultihash(cid.multihash());
        } catch (InvalidMultiformatException e) {
            throw new KeyFormatException("invalid peer id '" + text + "': " + e.getMessage(), e);
        }
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public Multihash multihash() {
        return multihash;
    }

    public String toBase58() {
        return Base58.encode(bytes);
    }

    /** The CIDv1 form, e.g. {@code bafz...}. */
    public Cid toCid() {
        return Cid.v1(Cid.LIBP2P_KEY, multihash);
    }

    /** The public key, when it is embedded (identity multihash); hashed ids need the key from elsewhere. */
    public Optional<PublicKey> extractPublicKey() {
        if (multihash.code() != Multihash.IDENTITY) {
            return Optional.empty();
        }
        return Optional.of(PublicKeys.unmarshal(multihash.digest()));
    }

    /** True when {@code key} is the key this id was derived from. */
    public boolean matches(PublicKey key) {
        return equals(fromPublicKey(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toBase58();
    }
}
