package io.grapevine.node.market;

import io.grapevine.market.codec.CanonicalReader;
import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.license.SignedLicense;
import io.grapevine.node.content.ManifestLimits;

/** A license this node bought, with the plaintext root manifest its seller gave and the listing's key commitment. */
public record HeldLicense(SignedLicense license, byte[] plainManifest, byte[] contentKeyCommitment) {
    private static final String TAG = "grapevine/node/held-license/1";

    public byte[] encode() {
        return new CanonicalWriter().string(TAG).bytes(license.encode()).bytes(plainManifest)
                .raw(contentKeyCommitment).toByteArray();
    }

    public static HeldLicense decode(byte[] data) throws MalformedRecordException {
        CanonicalReader r = new CanonicalReader(data);
        r.expectTag(TAG);
        SignedLicense license = SignedLicense.decode(r.bytes(1, SignedLicense.MAX_ENCODED_BYTES));
        byte[] plain = r.bytes(1, ManifestLimits.MAX_MANIFEST_BYTES);
        byte[] commitment = r.raw(32);
        r.end();
        return new HeldLicense(license, plain, commitment);
    }
}
