package io.grapevine.market.contentkey;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentKeyTest {
    private final ContentKey key = ContentKey.generate();
    private final ChunkCipher cipher = new ChunkCipher(key);
    private final byte[] chunk = "chunk of a paid film".getBytes(StandardCharsets.UTF_8);

    @Test
    void chunksRoundTripDeterministicallyPerIndex() throws Exception {
        byte[] c0 = cipher.encrypt(0, chunk);
        assertThat(c0).hasSize(chunk.length + ChunkCipher.TAG_BYTES);
        assertThat(cipher.encrypt(0, chunk)).isEqualTo(c0);
        assertThat(cipher.encrypt(1, chunk)).isNotEqualTo(c0);
        assertThat(cipher.decrypt(0, c0)).isEqualTo(chunk);
    }

    @Test
    void wrongKeyIndexOrTamperingFailsAuthentication() {
        byte[] c5 = cipher.encrypt(5, chunk);
        assertThatThrownBy(() -> cipher.decrypt(6, c5)).isInstanceOf(ContentKeyException.class);
        assertThatThrownBy(() -> new ChunkCipher(ContentKey.generate()).decrypt(5, c5))
                .isInstanceOf(ContentKeyException.class);
        byte[] flipped = c5.clone();
        flipped[0] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(5, flipped)).isInstanceOf(ContentKeyException.class);
        assertThatThrownBy(() -> cipher.decrypt(5, new byte[3])).isInstanceOf(ContentKeyException.class);
    }

    @Test
    void aBuyerRefusesAKeyThatIsNotTheListingsCommitment() throws Exception {
        assertThat(ChunkCipher.forListing(key, key.commitment())).isNotNull();
        assertThatThrownBy(() -> ChunkCipher.forListing(ContentKey.generate(), key.commitment()))
                .isInstanceOf(ContentKeyException.class).hasMessageContaining("commitment");
        assertThat(key.toString()).doesNotContain(HexFormat.of().formatHex(key.bytes()));
    }

    @Test
    void sealedKeyOpensOnlyForTheRecipientAndContext() throws Exception {
        byte[][] buyer = X25519.generate();
        byte[] context = "license context".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = KeySealer.seal(key, buyer[1], context);
        assertThat(sealed).hasSize(KeySealer.SEALED_BYTES);
        assertThat(KeySealer.open(sealed, buyer[0], context).bytes()).isEqualTo(key.bytes());

        byte[][] thief = X25519.generate();
        assertThatThrownBy(() -> KeySealer.open(sealed, thief[0], context)).isInstanceOf(ContentKeyException.class);
        assertThatThrownBy(() -> KeySealer.open(sealed, buyer[0], "other".getBytes()))
                .isInstanceOf(ContentKeyException.class);
        byte[] tampered = sealed.clone();
        tampered[40] ^= 1;
        assertThatThrownBy(() -> KeySealer.open(tampered, buyer[0], context)).isInstanceOf(ContentKeyException.class);
        assertThatThrownBy(() -> KeySealer.open(Arrays.copyOf(sealed, 79), buyer[0], context))
                .isInstanceOf(ContentKeyException.class);
    }

    @Test
    void lowOrderRecipientKeysAreRefused() {
        assertThatThrownBy(() -> KeySealer.seal(key, new byte[32], new byte[0]))
                .isInstanceOf(ContentKeyException.class);
    }

    @Test
    void rfc7748TestVector() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] alicePriv = hex.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPub = hex.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        assertThat(hex.formatHex(X25519.publicKey(alicePriv)))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(hex.formatHex(X25519.agree(alicePriv, bobPub)))
                .isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    }

    @Test
    void aBuyersEd25519IdentityGivesItsX25519Key() throws Exception {
        byte[] seed = new byte[32];
        seed[0] = 42;
        byte[] edPublic = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        byte[] xPublic = X25519.fromEd25519Public(edPublic);
        byte[] xPrivate = X25519.fromEd25519Seed(seed);
        assertThat(X25519.publicKey(xPrivate)).isEqualTo(xPublic);

        byte[] sealed = KeySealer.seal(key, xPublic, new byte[0]);
        assertThat(KeySealer.open(sealed, xPrivate, new byte[0]).bytes()).isEqualTo(key.bytes());
    }
}
