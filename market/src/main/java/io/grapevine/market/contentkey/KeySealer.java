package io.grapevine.market.contentkey;

import io.grapevine.market.codec.CanonicalWriter;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Seals a content key to a buyer's X25519 public key (an ECIES-style box):
 * <pre>
 *   (e, E) = fresh X25519 key pair;  s = X25519(e, B)
 *   k = HKDF-SHA256(salt = E || B, ikm = s, info = "grapevine/market/seal/1", 32 bytes)
 *   sealed = E || AES-256-GCM(k, nonce = 12 zero bytes, aad = context, contentKey)      (32 + 32 + 16 = 80 bytes)
 * </pre>
 * The nonce may be constant because k is used once (E is fresh each time). {@code context} binds the box to its
 * license (listing, order, buyer), so it cannot be lifted into another.
 */
public final class KeySealer {
    public static final int SEALED_BYTES = X25519.KEY_BYTES + ContentKey.LENGTH + 16;
    private static final byte[] INFO = new CanonicalWriter().string("grapevine/market/seal/1").toByteArray();

    private KeySealer() {
    }

    public static byte[] seal(ContentKey key, byte[] recipientPublic, byte[] context) throws ContentKeyException {
        byte[][] eph = X25519.generate();
        byte[] shared = X25519.agree(eph[0], recipientPublic);
        byte[] box = aead(Cipher.ENCRYPT_MODE, boxKey(shared, eph[1], recipientPublic), context, key.bytes());
        byte[] out = Arrays.copyOf(eph[1], SEALED_BYTES);
        System.arraycopy(box, 0, out, X25519.KEY_BYTES, box.length);
        return out;
    }

    public static ContentKey open(byte[] sealed, byte[] recipientPrivate, byte[] context) throws ContentKeyException {
        if (sealed == null || sealed.length != SEALED_BYTES) {
            throw new ContentKeyException("sealed key must be " + SEALED_BYTES + " bytes");
        }
        byte[] ephPublic = Arrays.copyOf(sealed, X25519.KEY_BYTES);
        byte[] recipientPublic = X25519.publicKey(recipientPrivate);
        byte[] shared = X25519.agree(recipientPrivate, ephPublic);
        byte[] box = Arrays.copyOfRange(sealed, X25519.KEY_BYTES, SEALED_BYTES);
        return ContentKey.of(aead(Cipher.DECRYPT_MODE, boxKey(shared, ephPublic, recipientPublic), context, box));
    }

    private static byte[] boxKey(byte[] shared, byte[] ephPublic, byte[] recipientPublic) {
        byte[] salt = Arrays.copyOf(ephPublic, 64);
        System.arraycopy(recipientPublic, 0, salt, 32, 32);
        return Hkdf.sha256(salt, shared, INFO, 32);
    }

    private static byte[] aead(int mode, byte[] key, byte[] aad, byte[] input) throws ContentKeyException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new ContentKeyException("sealed key does not open (wrong recipient, context or data)");
        } catch (GeneralSecurityException e) {
            throw new ContentKeyException("sealed key cannot be opened", e);
        }
    }
}
