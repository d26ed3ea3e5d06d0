package io.grapevine.node.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HandshakeStateTest {
    private static final HexFormat HEX = HexFormat.of();

    // Known-answer vector for Noise_XX_25519_ChaChaPoly_SHA256 from the public "cacophony" Noise test vectors
    // (prologue "John Galt"; messages 4-6 are transport messages, alternating initiator/responder).
    private static final String PROLOGUE = "4a6f686e2047616c74";
    private static final String INIT_STATIC = "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
    private static final String INIT_EPHEMERAL = "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
    private static final String RESP_STATIC = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
    private static final String RESP_EPHEMERAL = "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";
    private static final String HANDSHAKE_HASH = "c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e";
    private static final String[][] MESSAGES = {
        {"4c756477696720766f6e204d69736573",
            "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"},
        {"4d757272617920526f746862617264",
            "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b"
                + "68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c719"
                + "4e83f23dbd8d162c9326ad"},
        {"462e20412e20486179656b",
            "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fe"
                + "a0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"},
        {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
        {"4a65616e2d426170746973746520536179", "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"},
        {"457567656e2042f6686d20766f6e2042617765726b",
            "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"},
    };

    @Test
    void reproducesTheKnownAnswerVectorInBothRoles() throws Exception {
        HandshakeState initiator = new HandshakeState(true, HEX.parseHex(PROLOGUE),
                X25519.fromPrivate(HEX.parseHex(INIT_STATIC)), () -> X25519.fromPrivate(HEX.parseHex(INIT_EPHEMERAL)));
        HandshakeState responder = new HandshakeState(false, HEX.parseHex(PROLOGUE),
                X25519.fromPrivate(HEX.parseHex(RESP_STATIC)), () -> X25519.fromPrivate(HEX.parseHex(RESP_EPHEMERAL)));

        for (int i = 0; i < HandshakeState.MESSAGE_COUNT; i++) {
            HandshakeState writer = i % 2 == 0 ? initiator : responder;
            HandshakeState reader = i % 2 == 0 ? responder : initiator;
            byte[] message = writer.writeMessage(HEX.parseHex(MESSAGES[i][0]));
            assertThat(HEX.formatHex(message)).as("handshake message %d", i + 1).isEqualTo(MESSAGES[i][1]);
            assertThat(HEX.formatHex(reader.readMessage(message))).isEqualTo(MESSAGES[i][0]);
        }
        assertThat(initiator.isComplete()).isTrue();
        assertThat(responder.isComplete()).isTrue();
        assertThat(HEX.formatHex(initiator.handshakeHash())).isEqualTo(HANDSHAKE_HASH);
        assertThat(HEX.formatHex(responder.handshakeHash())).isEqualTo(HANDSHAKE_HASH);
        assertThat(responder.remoteStaticPublicKey()).isEqualTo(initiator.localStaticPublicKey());
        assertThat(initiator.remoteStaticPublicKey()).isEqualTo(responder.localStaticPublicKey());

        for (int i = HandshakeState.MESSAGE_COUNT; i < MESSAGES.length; i++) {
            boolean fromResponder = i % 2 == 1;
            CipherState send = fromResponder ? responder.sendCipher() : initiator.sendCipher();
            CipherState receive = fromResponder ? initiator.receiveCipher() : responder.receiveCipher();
            byte[] plaintext = HEX.parseHex(MESSAGES[i][0]);
            byte[] ciphertext = new byte[plaintext.length + CipherState.TAG_LENGTH];
            send.encrypt(plaintext, 0, plaintext.length, ciphertext, 0);
            assertThat(HEX.formatHex(ciphertext)).as("transport message %d", i + 1).isEqualTo(MESSAGES[i][1]);
            byte[] decrypted = new byte[plaintext.length];
            receive.decrypt(ciphertext, 0, ciphertext.length, decrypted, 0);
            assertThat(decrypted).isEqualTo(plaintext);
        }
    }

    @Test
    void libp2pHandshakeAgreesOnKeysWithEmptyPayloads() throws Exception {
        HandshakeState initiator = HandshakeState.libp2p(true, X25519.generate());
        HandshakeState responder = HandshakeState.libp2p(false, X25519.generate());
        byte[] first = initiator.writeMessage(new byte[0]);
        assertThat(first).hasSize(32);
        responder.readMessage(first);
        byte[] second = responder.writeMessage(new byte[0]);
        assertThat(second).hasSize(32 + 48 + 16);
        initiator.readMessage(second);
        byte[] third = initiator.writeMessage(new byte[0]);
        assertThat(third).hasSize(48 + 16);
        responder.readMessage(third);
        assertThat(initiator.handshakeHash()).isEqualTo(responder.handshakeHash());
    }

    @Test
    void tamperedSecondMessageFailsToDecrypt() throws Exception {
        HandshakeState initiator = HandshakeState.libp2p(true, X25519.generate());
        HandshakeState responder = HandshakeState.libp2p(false, X25519.generate());
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] second = responder.writeMessage("hello".getBytes());
        second[40] ^= 1;
        assertThatThrownBy(() -> initiator.readMessage(second))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("authentication tag mismatch");
    }

    @Test
    void shortMessagesAreRejectedWithTheirLength() {
        HandshakeState responder = HandshakeState.libp2p(false, X25519.generate());
        assertThatThrownBy(() -> responder.readMessage(new byte[31]))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("31 bytes, shorter than the minimum of 32");
    }

    @Test
    void cipherStateRefusesTheReservedNonce() throws Exception {
        CipherState cipher = new CipherState();
        cipher.initializeKey(new byte[32]);
        cipher.setNonce(-2L);
        cipher.encrypt(new byte[3], 0, 3, new byte[19], 0);
        assertThat(cipher.nonce()).isEqualTo(-1L);
        assertThatThrownBy(() -> cipher.encrypt(new byte[3], 0, 3, new byte[19], 0))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("nonce exhausted");
    }
}
