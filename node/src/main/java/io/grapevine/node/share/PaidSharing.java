package io.grapevine.node.share;

import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.EncodedManifest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Seals a paid share (the market feature provides it): stores only ciphertext chunks and the ciphertext manifest
 * (whose id is the share's content id) and keeps the content key; returns both manifests so the share record can
 * list the plaintext files. Throws {@link InvalidShareException} naming the bad field (e.g. {@code payout}).
 */
@FunctionalInterface
public interface PaidSharing {
    record Sealed(EncodedManifest sealed, ContentManifest plain) {
    }

    Sealed seal(Path source, long priceSats, String payout) throws IOException;
}
