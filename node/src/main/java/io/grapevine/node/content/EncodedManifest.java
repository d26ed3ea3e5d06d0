package io.grapevine.node.content;

import io.grapevine.node.multiformats.Cid;
import java.util.List;

/** A manifest ready to store or send: the root message and, for large shares, its chunk lists, each with its id. */
public record EncodedManifest(Cid id, byte[] root, List<Part> chunkLists) {
    public record Part(Cid id, byte[] bytes) {
    }
}
