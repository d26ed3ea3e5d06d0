package io.grapevine.node.blocklists;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListRules;
import io.grapevine.blocklist.list.VotingMode;
import io.grapevine.blocklist.tally.TallyLimits;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.storage.BlocklistStore;
import io.grapevine.node.storage.ContentDatabase;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A blocklist service over a real RocksDB in a temporary folder, signing with a fresh key. */
final class BlocklistFixture implements AutoCloseable {
    static final long DAY = 86_400_000L;

    final PrivateKey key;
    final ContentDatabase database;
    final BlockDecisions decisions = new BlockDecisions();
    final BlocklistService service;

    BlocklistFixture(Path home, PrivateKey key, FloodLimiter.Limits flood) {
        this.key = key;
        this.database = ContentDatabase.open(home);
        this.service = new BlocklistService(new BlocklistStore(database), new RecordSigner(key),
                new KeySignatureVerifier(), Clock.systemUTC(), TallyLimits.DEFAULT, flood, decisions);
        service.load();
    }

    BlocklistFixture(Path home) {
        this(home, Ed25519PrivateKey.generate(), FloodLimiter.Limits.DEFAULT);
    }

    static ListRules open(int difficulty, int minVotes) {
        return new ListRules(VotingMode.OPEN, difficulty, new BlockRule(minVotes, 1, 2), 30 * DAY, List.of("spam", "illegal"));
    }

    static ListRules membersOnly(int minVotes) {
        return new ListRules(VotingMode.MEMBERS_ONLY, 0, new BlockRule(minVotes, 1, 2), 30 * DAY, List.of("spam"));
    }

    @Override
    public void close() {
        decisions.close();
        database.close();
    }
}
