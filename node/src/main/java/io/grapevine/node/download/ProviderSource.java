package io.grapevine.node.download;

import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import java.util.List;

/**
 * Where providers of a content id come from besides the caller's explicit list: announcements, peers that said they
 * have it, later the DHT. Each address should end in /p2p/&lt;peer-id&gt;.
 */
@FunctionalInterface
public interface ProviderSource {
    List<Multiaddr> providers(Cid contentId);
}
