package io.grapevine.market.contentkey;

/** Decryption or unsealing failed: wrong key, tampered ciphertext, wrong recipient or context, bad input length. */
public final class ContentKeyException extends Exception {
    public ContentKeyException(String message) {
        super(message);
    }

    public ContentKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
