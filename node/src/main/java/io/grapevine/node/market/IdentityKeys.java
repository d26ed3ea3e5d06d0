package io.grapevine.node.market;

import io.grapevine.market.contentkey.ContentKeyException;
import io.grapevine.market.contentkey.X25519;
import io.grapevine.market.signature.SignatureVerifier;
import io.grapevine.market.signature.Signer;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.KeyType;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.PublicKeys;
import java.util.Arrays;

/**
 * The node's identity as the market module needs it: a {@link Signer}, a {@link SignatureVerifier} over marshalled
 * libp2p keys, and X25519 keys derived from Ed25519 identities (so a seller seals a content key to a buyer knowing
 * only the key the Noise handshake proved).
 */
public final class IdentityKeys {
    /** Any key type libp2p knows; false (never an exception) for keys that do not parse. */
    public static final SignatureVerifier VERIFIER = (publicKey, message, signature) -> {
        try {
            return PublicKeys.unmarshal(publicKey).verify(message, signature);
        } catch (RuntimeException e) {
            return false;
        }
    };

    private IdentityKeys() {
    }

    public static Signer signer(PrivateKey key) {
        byte[] marshalled = key.publicKey().marshal();
        return new Signer() {
            @Override
            public byte[] publicKey() {
                return marshalled.clone();
            }

            @Override
            public byte[] sign(byte[] message) {
                return key.sign(message);
            }
        };
    }

    /** The X25519 public key a content key is sealed to; only Ed25519 identities have one. */
    public static byte[] x25519Public(PublicKey key) throws MarketRefusedException {
        if (key.type() != KeyType.ED25519) {
            throw new MarketRefusedException("UNSUPPORTED_KEY",
                    "licenses are sealed to Ed25519 identities; the buyer's key is " + key.type());
        }
        try {
            return X25519.fromEd25519Public(key.raw());
        } catch (ContentKeyException e) {
            throw new MarketRefusedException("UNSUPPORTED_KEY", e.getMessage());
        }
    }

    /** The X25519 private key matching {@link #x25519Public} for our own Ed25519 identity. */
    public static byte[] x25519Private(PrivateKey key) throws ContentKeyException {
        if (!(key instanceof Ed25519PrivateKey ed)) {
            throw new ContentKeyException("only an Ed25519 identity can open sealed content keys");
        }
        // marshal() is the libp2p protobuf PrivateKey: 08 01 (type Ed25519), 12 40 (64 data bytes), seed || public.
        byte[] marshalled = ed.marshal();
        try {
            if (marshalled.length != 68 || marshalled[0] != 0x08 || marshalled[1] != 0x01 || marshalled[2] != 0x12
                    || marshalled[3] != 0x40) {
                throw new ContentKeyException("unexpected Ed25519 private key encoding");
            }
            byte[] seed = Arrays.copyOfRange(marshalled, 4, 36);
            try {
                return X25519.fromEd25519Seed(seed);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        } finally {
            Arrays.fill(marshalled, (byte) 0);
        }
    }
}
