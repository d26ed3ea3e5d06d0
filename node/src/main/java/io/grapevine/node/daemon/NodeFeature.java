package io.grapevine.node.daemon;

import io.grapevine.node.api.ApiRoutes;

import java.util.List;

/**
 * One feature of the running node (content and transfer, announcements and search, blocklists, market): it owns its
 * services, offers its API routes, and is closed by {@link GrapevineNode} in the reverse order of starting.
 */
public interface NodeFeature extends AutoCloseable {
    /** The feature's HTTP API routes; empty if it has none. */
    default List<ApiRoutes> routes() { return List.of(); }

    /** Stops the feature's services and releases what it holds; never throws. */
    @Override
    void close();
}
