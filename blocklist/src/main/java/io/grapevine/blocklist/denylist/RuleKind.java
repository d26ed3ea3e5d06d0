package io.grapevine.blocklist.denylist;

/** The three rule families of IPIP-383 that this module reads and writes. */
public enum RuleKind {
    /** {@code /ipfs/CID[/PATH][*]} */
    IPFS,
    /** {@code /ipns/NAME[/PATH][*]}: NAME is a CID (libp2p-key) or a DNSLink domain */
    IPNS,
    /** {@code //HASH}: modern base58btc multihash, or legacy 64-hex sha256 anchor */
    DOUBLE_HASH
}
