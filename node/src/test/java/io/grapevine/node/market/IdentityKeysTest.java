package io.grapevine.node.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.market.contentkey.X25519;
import io.grapevine.node.identity.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

class IdentityKeysTest {
    @Test
    void x25519KeysOfAnEd25519IdentityMatch() throws Exception {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        assertThat(X25519.publicKey(IdentityKeys.x25519Private(key)))
                .isEqualTo(IdentityKeys.x25519Public(key.publicKey()));
    }

    @Test
    void signaturesVerifyAndGarbageKeysDoNot() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        var signer = IdentityKeys.signer(key);
        byte[] sig = signer.sign(new byte[] {1, 2});
        assertThat(IdentityKeys.VERIFIER.verify(signer.publicKey(), new byte[] {1, 2}, sig)).isTrue();
        assertThat(IdentityKeys.VERIFIER.verify(signer.publicKey(), new byte[] {1, 3}, sig)).isFalse();
        assertThat(IdentityKeys.VERIFIER.verify(new byte[] {9, 9, 9}, new byte[] {1, 2}, sig)).isFalse();
    }
}
