package io.grapevine.node.sync;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For the sync tests: alice and bob on 127.0.0.1, alice dialled bob, each serving an empty in-memory set "announce";
 * more hosts and services on demand. {@link #close} closes everything, last made first.
 */
final class SyncPair implements AutoCloseable {
    static final String SET = "announce";

    private final List<AutoCloseable> closeables = new ArrayList<>();
    final Host alice;
    final Host bob;
    final InMemorySyncStore aliceStore = TestRecords.store();
    final InMemorySyncStore bobStore = TestRecords.store();
    final SyncService aliceSync;
    final SyncService bobSync;

    SyncPair() throws Exception {
        try {
            alice = host();
            bob = host();
            aliceSync = service(alice, aliceStore, SyncConfig.defaults());
            bobSync = service(bob, bobStore, SyncConfig.defaults());
            alice.dial(bob.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    Host host() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        closeables.add(host);
        host.start();
        return host;
    }

    SyncService service(Host host, SyncStore store, SyncConfig config) {
        SyncService service = new SyncService(host, config);
        service.addSet(SET, store);
        service.register();
        closeables.add(service);
        return service;
    }

    <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeables.reversed()) c.close();
    }
}
