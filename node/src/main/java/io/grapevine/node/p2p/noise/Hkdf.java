package io.grapevine.node.p2p.noise;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Noise's HKDF (spec section 4.3) over HMAC-SHA256, yielding two or three 32-byte outputs. */
final class Hkdf {
    static final int HASH_LENGTH = 32;

    private final Mac hmac;

    Hkdf() {
        try {
            hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** Returns {@code outputs} (2 or 3) chained outputs of HKDF(chainingKey, inputKeyMaterial). */
    byte[][] derive(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        if (outputs < 2 || outputs > 3) {
            throw new IllegalArgumentException("Noise HKDF yields 2 or 3 outputs, not " + outputs);
        }
        key(chainingKey);
        byte[] tempKey = hmac.doFinal(inputKeyMaterial);
        key(tempKey);
        byte[][] out = new byte[outputs][];
        for (int i = 0; i < outputs; i++) {
            // output(i) = HMAC(tempKey, output(i-1) || i+1), with no previous output for the first one
            if (i > 0) {
                hmac.update(out[i - 1]);
            }
            hmac.update((byte) (i + 1));
            out[i] = hmac.doFinal();
        }
        return out;
    }

    private void key(byte[] key) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot key HmacSHA256", e);
        }
    }
}
