package io.grapevine.node.market.bitcoin;

import io.grapevine.market.chain.ChainPosition;
import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.order.Order;
import io.grapevine.market.payment.BlockScanner;
import io.grapevine.market.payment.FoundPayment;
import io.grapevine.market.payment.InvalidBlockException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds payments without a buyer's proof: which best-chain blocks were mined since the oldest open order (less the
 * 2-hour timestamp tolerance) and are not scanned yet, and what {@link BlockScanner} finds in each that arrives. A
 * block of a fork is scanned too when it becomes best; a hit on a losing fork is refused later by the verifier,
 * which counts confirmations on the best chain at license time. Not thread-safe: the follower's event loop owns it.
 */
final class PaymentScan {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentScan.class);
    static final Duration BLOCK_TIME_TOLERANCE = Duration.ofHours(2);
    /** Remembered scanned blocks; more than any order lifetime's worth on any network we support. */
    static final int MAX_REMEMBERED = 20_000;

    private final HeaderChain chain;
    private final BlockScanner scanner;
    private final Supplier<Collection<Order>> openOrders;
    private final Consumer<FoundPayment> found;
    private final Set<Sha256Hash> scanned = new LinkedHashSet<>();
    private long blocksScanned;

    PaymentScan(HeaderChain chain, Supplier<Collection<Order>> openOrders, Consumer<FoundPayment> found) {
        this.chain = chain;
        this.scanner = new BlockScanner(chain);
        this.openOrders = openOrders;
        this.found = found;
    }

    /** Unscanned best-chain blocks mined since the oldest open order, oldest first, at most {@code max}. */
    List<Sha256Hash> wanted(int max) {
        Optional<Instant> oldest = openOrders.get().stream().map(Order::createdAt).min(Instant::compareTo);
        if (oldest.isEmpty()) {
            return List.of();
        }
        Instant since = oldest.get().minus(BLOCK_TIME_TOLERANCE);
        List<Sha256Hash> out = new ArrayList<>();
        for (int h = chain.headHeight(); h > 0; h--) {
            Optional<Sha256Hash> hash = chain.bestHashAt(h);
            Optional<ChainPosition> pos = hash.flatMap(chain::locate);
            if (pos.isEmpty() || pos.get().blockTime().isBefore(since)) {
                break;
            }
            if (!scanned.contains(hash.get())) {
                out.add(hash.get());
            }
        }
        Collections.reverse(out);
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** Checks and scans a delivered block; false if it is not the block its header promised (the peer lied). */
    boolean scan(Block block) {
        Collection<Order> orders = openOrders.get();
        try { // with no open order too: the wallet may take this block, so its transactions must match its header
            List<FoundPayment> hits = scanner.scan(block, orders);
            if (orders.isEmpty()) {
                return true; // not remembered: an order opened later still gets it scanned (a wallet block, say)
            }
            remember(block.getHash());
            blocksScanned++;
            for (FoundPayment hit : hits) {
                LOG.info("payment {} of {} sat for order {} found in block {}", hit.txid(), hit.paidSats(),
                        hit.order().orderId().hex(), hit.blockHash());
                found.accept(hit);
            }
            return true;
        } catch (InvalidBlockException e) {
            // Not remembered: another peer may serve the real block.
            LOG.warn("refused block {} for scanning: {}", block.getHash(), e.getMessage());
            return false;
        }
    }

    long blocksScanned() {
        return blocksScanned;
    }

    private void remember(Sha256Hash hash) {
        scanned.add(hash);
        if (scanned.size() > MAX_REMEMBERED) {
            var it = scanned.iterator();
            it.next();
            it.remove();
        }
    }
}
