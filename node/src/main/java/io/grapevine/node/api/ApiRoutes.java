package io.grapevine.node.api;

import io.javalin.config.RoutesConfig;

/**
 * One feature's group of routes under {@link ApiServer#BASE} (status, shares, downloads, search, ...). Features add
 * their group to the server at start, so the server itself knows no feature.
 */
@FunctionalInterface
public interface ApiRoutes {
    void addTo(RoutesConfig routes);
}
