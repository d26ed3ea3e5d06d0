package io.grapevine.node.p2p.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.PublicKeys;
import io.grapevine.node.p2p.noise.proto.NoiseExtensions;
import io.grapevine.node.p2p.noise.proto.NoiseHandshakePayload;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The libp2p handshake payload: the identity public key and its signature over
 * {@code "noise-libp2p-static-key:" || Noise static public key}, binding the Noise key to the peer id.
 */
final class HandshakePayload {
    private static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

    private HandshakePayload() {}

    /** Our payload for the given Noise static key, advertising {@code streamMuxers} when there are any. */
    static byte[] create(PrivateKey identityKey, byte[] noiseStaticKey, List<String> streamMuxers) {
        NoiseHandshakePayload.Builder payload = NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(identityKey.publicKey().marshal()))
                .setIdentitySig(ByteString.copyFrom(identityKey.sign(signedData(noiseStaticKey))));
        if (!streamMuxers.isEmpty()) {
            payload.setExtensions(NoiseExtensions.newBuilder().addAllStreamMuxers(streamMuxers));
        }
        return payload.build().toByteArray();
    }

    /**
     * Authenticates the remote: decodes its identity key, checks the signature over its Noise static key and, when
     * {@code expectedRemote} is given, that the key is that peer's.
     */
    static NoiseSession verify(byte[] payload, byte[] remoteNoiseStaticKey, PeerId expectedRemote)
            throws NoiseException {
        NoiseHandshakePayload decoded;
        try {
            decoded = NoiseHandshakePayload.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new NoiseException("malformed Noise handshake payload: " + e.getMessage(), e);
        }
        if (!decoded.hasIdentityKey() || !decoded.hasIdentitySig()) {
            throw new NoiseException("Noise handshake payload lacks identity_key or identity_sig");
        }
        PublicKey remoteKey;
        try {
            remoteKey = PublicKeys.unmarshal(decoded.getIdentityKey().toByteArray());
        } catch (RuntimeException e) {
            throw new NoiseException("unusable remote identity key: " + e.getMessage(), e);
        }
        if (!remoteKey.verify(signedData(remoteNoiseStaticKey), decoded.getIdentitySig().toByteArray())) {
            throw new NoiseException("remote identity_sig does not verify for its Noise static key");
        }
        PeerId remotePeer = PeerId.fromPublicKey(remoteKey);
        if (expectedRemote != null && !expectedRemote.matches(remoteKey)) {
            throw new NoiseException("remote peer is " + remotePeer + ", expected " + expectedRemote);
        }
        List<String> muxers = decoded.hasExtensions() ? decoded.getExtensions().getStreamMuxersList() : List.of();
        return new NoiseSession(remotePeer, remoteKey, muxers);
    }

    private static byte[] signedData(byte[] noiseStaticKey) {
        byte[] data = new byte[SIGNATURE_PREFIX.length + noiseStaticKey.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, data, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(noiseStaticKey, 0, data, SIGNATURE_PREFIX.length, noiseStaticKey.length);
        return data;
    }
}
