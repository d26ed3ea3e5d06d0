package io.grapevine.node.download;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.transfer.PeerPenalties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A leecher in its own JVM, for the kill -9 test: args {@code home contentId provider outDir}. Resumes the recorded
 * download or starts it, prints {@code req i} for every chunk it asks for and {@code verified n} as chunks verify,
 * then {@code done} and exits 0. It is meant to be killed at any moment.
 */
public final class LeecherProcess {
    private LeecherProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Cid contentId = Cid.parse(args[1]);
        Multiaddr provider = Multiaddr.parse(args[2]);
        Path out = Path.of(args[3]);
        ContentDatabase db = ContentDatabase.open(home);
        ChunkStore chunks = new ChunkStore(db);
        ExecutorService store = Executors.newFixedThreadPool(2);
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        host.start();
        DownloadSettings settings = DownloadSettings.defaults().withWindow(4, 8);
        DownloadManager manager = DownloadManager.open(host, db, chunks, new ManifestStore(db), new PeerPenalties(),
                store, settings);
        Download d = manager.get(contentId).orElseGet(() -> manager.start(contentId, List.of(provider), out));
        BitSet printed = new BitSet();
        int verified = -1;
        // Polls: a chunk is marked requested before its request is sent, so every request is printed unless the
        // process dies first.
        while (true) {
            BitSet requested = d.requestedChunks();
            requested.andNot(printed);
            for (int i = requested.nextSetBit(0); i >= 0; i = requested.nextSetBit(i + 1)) {
                System.out.println("req " + i);
            }
            printed.or(requested);
            int now = d.progress().chunksVerified();
            if (now != verified) {
                verified = now;
                System.out.println("verified " + now);
            }
            System.out.flush();
            if (d.completion().isDone()) {
                break;
            }
            Thread.sleep(2);
        }
        d.completion().get();
        manager.close();
        host.close();
        store.shutdown();
        store.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        db.close();
        System.out.println("done");
        System.out.flush();
        System.exit(0);
    }
}
