package io.grapevine.node.transfer;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;

/**
 * Decides whether this node serves a content's chunks (and have-map) to a peer, whose id the Noise handshake proved.
 * The market's policy refuses a paid listing to peers without a valid license; everything else is served.
 */
@FunctionalInterface
public interface ChunkAccessPolicy {
    ChunkAccessPolicy OPEN = (peer, contentId) -> true;

    boolean allows(PeerId peer, Cid contentId);
}
