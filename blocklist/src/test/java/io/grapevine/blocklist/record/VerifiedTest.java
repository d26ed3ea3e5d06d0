package io.grapevine.blocklist.record;

import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The module only takes records through a caller's verifier; here a real Ed25519 one (JDK provider). */
class VerifiedTest {
    private static final SignatureVerifier ED25519 = (publicKey, message, signature) -> {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKey)));
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    };

    private static byte[] sign(KeyPair kp, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(kp.getPrivate());
        s.update(message);
        return s.sign();
    }

    private final ListId list = ListId.of(new byte[32]);

    @Test
    void acceptsTheVotersSignatureAndRefusesAnyOther() throws Exception {
        KeyPair voter = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Vote v = new Vote(list, voter.getPublic().getEncoded(), Target.content("bafkreix"), VoteAction.BLOCK, "spam",
                1, 0);
        assertThat(Verified.check(v, sign(voter, v.signingBytes()), ED25519).record()).isEqualTo(v);
        assertThatThrownBy(() -> Verified.check(v, sign(other, v.signingBytes()), ED25519))
                .isInstanceOf(InvalidSignatureException.class);
        Vote tampered = new Vote(list, voter.getPublic().getEncoded(), Target.content("bafkreix"),
                VoteAction.UNBLOCK, "spam", 1, 0);
        byte[] sig = sign(voter, v.signingBytes());
        assertThatThrownBy(() -> Verified.check(tampered, sig, ED25519)).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void refusesMissingOrOversizedSignatures() {
        Vote v = new Vote(list, new byte[] {1}, Target.content("x"), VoteAction.BLOCK, "spam", 1, 0);
        assertThatThrownBy(() -> Verified.check(v, new byte[0], (k, m, s) -> true))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> Verified.check(v, null, (k, m, s) -> true))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> Verified.check(v, new byte[2000], (k, m, s) -> true))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void garbageKeyDoesNotVerify() {
        Vote v = new Vote(list, new byte[] {1, 2, 3}, Target.content("x"), VoteAction.BLOCK, "spam", 1, 0);
        assertThatThrownBy(() -> Verified.check(v, new byte[64], ED25519))
                .isInstanceOf(InvalidSignatureException.class);
    }
}
