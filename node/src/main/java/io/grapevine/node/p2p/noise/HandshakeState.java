package io.grapevine.node.p2p.noise;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Noise HandshakeState (spec section 5.3) for the one pattern libp2p uses:
 * <pre>
 * XX:
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 * Every message ends with EncryptAndHash(payload), so even an empty payload is mixed into h.
 */
final class HandshakeState {
    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    static final int MESSAGE_COUNT = 3;
    private static final int ENCRYPTED_KEY_LENGTH = X25519.KEY_LENGTH + CipherState.TAG_LENGTH;

    private final boolean initiator;
    private final SymmetricState symmetric = new SymmetricState(PROTOCOL_NAME);
    private final X25519.KeyPair localStatic;
    private final Supplier<X25519.KeyPair> ephemeralSource;
    private X25519.KeyPair localEphemeral;
    private byte[] remoteEphemeral;
    private byte[] remoteStatic;
    private int messageIndex;
    private CipherState[] transportCiphers;

    HandshakeState(boolean initiator, byte[] prologue, X25519.KeyPair localStatic,
            Supplier<X25519.KeyPair> ephemeralSource) {
        this.initiator = initiator;
        this.localStatic = localStatic;
        this.ephemeralSource = ephemeralSource;
        symmetric.mixHash(prologue);
    }

    /** A handshake with an empty prologue and fresh random ephemeral keys, as noise-libp2p uses it. */
    static HandshakeState libp2p(boolean initiator, X25519.KeyPair localStatic) {
        return new HandshakeState(initiator, new byte[0], localStatic, X25519::generate);
    }

    boolean isInitiator() {
        return initiator;
    }

    /** True when the next message (if any) is ours to write. */
    boolean isWriteTurn() {
        return messageIndex < MESSAGE_COUNT && (messageIndex % 2 == 0) == initiator;
    }

    boolean isComplete() {
        return messageIndex == MESSAGE_COUNT;
    }

    /** Zero-based index of the next handshake message. */
    int messageIndex() {
        return messageIndex;
    }

    byte[] localStaticPublicKey() {
        return localStatic.publicKey().clone();
    }

    /** The remote static key, known after reading message 2 (initiator) or message 3 (responder). */
    byte[] remoteStaticPublicKey() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    byte[] writeMessage(byte[] payload) throws NoiseException {
        if (!isWriteTurn()) {
            throw new IllegalStateException("not our turn to write handshake message " + (messageIndex + 1));
        }
        byte[][] parts = new byte[3][]; // keys, encrypted static, payload
        switch (messageIndex) {
            case 0 -> parts[0] = writeEphemeral(); // -> e
            case 1 -> { // <- e, ee, s, es
                parts[0] = writeEphemeral();
                symmetric.mixKey(X25519.dh(localEphemeral.privateKey(), remoteEphemeral));
                parts[1] = symmetric.encryptAndHash(localStatic.publicKey());
                symmetric.mixKey(X25519.dh(localStatic.privateKey(), remoteEphemeral));
            }
            default -> { // -> s, se
                parts[0] = symmetric.encryptAndHash(localStatic.publicKey());
                symmetric.mixKey(X25519.dh(localStatic.privateKey(), remoteEphemeral));
            }
        }
        parts[2] = symmetric.encryptAndHash(payload);
        advance();
        return concat(parts);
    }

    /** Reads the peer's next handshake message and returns its decrypted payload. */
    byte[] readMessage(byte[] message) throws NoiseException {
        if (isComplete() || isWriteTurn()) {
            throw new IllegalStateException("not our turn to read handshake message " + (messageIndex + 1));
        }
        int minimum = switch (messageIndex) {
            case 0 -> X25519.KEY_LENGTH;
            case 1 -> X25519.KEY_LENGTH + ENCRYPTED_KEY_LENGTH + CipherState.TAG_LENGTH;
            default -> ENCRYPTED_KEY_LENGTH + CipherState.TAG_LENGTH;
        };
        if (message.length < minimum) {
            throw new NoiseException("handshake message " + (messageIndex + 1) + " is " + message.length
                    + " bytes, shorter than the minimum of " + minimum);
        }
        int offset = 0;
        switch (messageIndex) {
            case 0 -> { // -> e
                offset = readEphemeral(message);
            }
            case 1 -> { // <- e, ee, s, es
                offset = readEphemeral(message);
                symmetric.mixKey(X25519.dh(localEphemeral.privateKey(), remoteEphemeral));
                remoteStatic = symmetric.decryptAndHash(
                        Arrays.copyOfRange(message, offset, offset + ENCRYPTED_KEY_LENGTH));
                offset += ENCRYPTED_KEY_LENGTH;
                symmetric.mixKey(X25519.dh(localEphemeral.privateKey(), remoteStatic));
            }
            default -> { // -> s, se
                remoteStatic = symmetric.decryptAndHash(Arrays.copyOfRange(message, 0, ENCRYPTED_KEY_LENGTH));
                offset = ENCRYPTED_KEY_LENGTH;
                symmetric.mixKey(X25519.dh(localEphemeral.privateKey(), remoteStatic));
            }
        }
        byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
        advance();
        return payload;
    }

    /** After the last message: our CipherState for sending. */
    CipherState sendCipher() {
        requireComplete();
        return initiator ? transportCiphers[0] : transportCiphers[1];
    }

    /** After the last message: our CipherState for receiving. */
    CipherState receiveCipher() {
        requireComplete();
        return initiator ? transportCiphers[1] : transportCiphers[0];
    }

    byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    private byte[] writeEphemeral() {
        localEphemeral = ephemeralSource.get();
        symmetric.mixHash(localEphemeral.publicKey());
        return localEphemeral.publicKey();
    }

    private int readEphemeral(byte[] message) {
        remoteEphemeral = Arrays.copyOfRange(message, 0, X25519.KEY_LENGTH);
        symmetric.mixHash(remoteEphemeral);
        return X25519.KEY_LENGTH;
    }

    private void advance() {
        messageIndex++;
        if (isComplete()) {
            transportCiphers = symmetric.split();
        }
    }

    private void requireComplete() {
        if (!isComplete()) {
            throw new IllegalStateException("handshake is not complete");
        }
    }

    private static byte[] concat(byte[][] parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part == null ? 0 : part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            if (part != null) {
                System.arraycopy(part, 0, out, offset, part.length);
                offset += part.length;
            }
        }
        return out;
    }
}
