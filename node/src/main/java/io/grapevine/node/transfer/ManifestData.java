package io.grapevine.node.transfer;

/** A manifest or chunk list as received with the CID the responder named, not yet verified. */
record ManifestData(byte[] cid, byte[] data) {
}
