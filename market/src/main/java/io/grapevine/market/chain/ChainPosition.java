package io.grapevine.market.chain;

import org.bitcoinj.base.Sha256Hash;

import java.time.Instant;

/**
 * Where a known block header sits relative to the chain head. {@code confirmations} is 0 when the block is not on the
 * best chain (a header of a losing fork stays in the store after a reorg).
 */
public record ChainPosition(Sha256Hash blockHash, int height, Instant blockTime, boolean onBestChain,
                            int confirmations) {
}
