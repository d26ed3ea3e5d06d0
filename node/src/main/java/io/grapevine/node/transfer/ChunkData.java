package io.grapevine.node.transfer;

/** A chunk's bytes as received, not yet verified. */
record ChunkData(int index, byte[] data) {
}
