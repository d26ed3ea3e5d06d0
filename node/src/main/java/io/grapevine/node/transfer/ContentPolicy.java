package io.grapevine.node.transfer;

import io.grapevine.node.multiformats.Cid;
import java.util.Optional;

/**
 * The blocklist hook of content and transfer: why this node must not serve or fetch a content id (it is blocked by a
 * followed list or locally), or empty when it may. Checked when a peer asks for a manifest or its chunks and when a
 * download starts. Called on transfer threads: it must be quick (blocklists answer from an in-memory set).
 */
@FunctionalInterface
public interface ContentPolicy {
    Optional<String> refusal(Cid contentId);

    ContentPolicy ALLOW_ALL = id -> Optional.empty();
}
