package io.grapevine.market.payment;

/** Why a payment was refused; each bad input has its own reason so callers and tests can tell them apart. */
public enum RefusalReason {
    /** The transaction bytes do not parse, have trailing bytes, a non-canonical encoding or a 64-byte stripped size. */
    MALFORMED_TX,
    /** A coinbase transaction: it cannot be spent for 100 blocks and is never accepted as a payment. */
    COINBASE_TX,
    /** The proof bytes do not parse as a gettxoutproof (header + partial merkle tree) or the tree is malformed. */
    MALFORMED_PROOF,
    /** The proof's partial merkle tree does not hash to the merkle root in its header. */
    MERKLE_MISMATCH,
    /** The proof is valid but does not include this transaction. */
    TX_NOT_IN_PROOF,
    /** The order is for another Bitcoin network than the chain this verifier follows. */
    WRONG_NETWORK,
    /** The proof's block header is not in our header chain. */
    UNKNOWN_BLOCK,
    /** The block is known but not on the best chain (a losing fork, e.g. after a reorg). */
    NOT_IN_BEST_CHAIN,
    /** On the best chain, but with fewer confirmations than required. */
    INSUFFICIENT_CONFIRMATIONS,
    /** No output of the transaction pays the order's address. */
    WRONG_ADDRESS,
    /** Outputs to the order's address sum to less than the order's amount. */
    UNDERPAID,
    /** This transaction already unlocked another order. */
    TXID_ALREADY_USED,
    /** The order expired: mined after its expiry, or proven after the settlement window. */
    ORDER_EXPIRED,
    /** The paying block is older than the order (a payment made before the order existed). */
    PAID_BEFORE_ORDER
}
