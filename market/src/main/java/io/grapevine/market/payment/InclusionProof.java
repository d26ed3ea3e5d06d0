package io.grapevine.market.payment;

import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.FilteredBlock;
import org.bitcoinj.core.PartialMerkleTree;
import org.bitcoinj.core.VerificationException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A merkle inclusion proof in Bitcoin Core's {@code gettxoutproof} format (the BIP37 merkleblock payload: an 80-byte
 * header, then the partial merkle tree), parsed strictly. The computed root is compared to the header by the caller.
 */
record InclusionProof(Block header, Sha256Hash computedRoot, List<Sha256Hash> matchedTxids) {
    /** 80 + 4 + a varint + one hash per transaction of a 4 MB block (at most 66,666) + the flag bits: under 2.2 MB. */
    static final int MAX_PROOF_BYTES = 2_200_000;

    static InclusionProof parse(byte[] raw) throws PaymentInputException {
        if (raw == null || raw.length < Block.HEADER_SIZE + 4 || raw.length > MAX_PROOF_BYTES) {
            throw malformed("proof must be " + (Block.HEADER_SIZE + 4) + ".." + MAX_PROOF_BYTES + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        FilteredBlock fb;
        try {
            fb = FilteredBlock.read(buf);
        } catch (RuntimeException e) {
            throw malformed("proof does not parse: " + e);
        }
        if (buf.hasRemaining()) {
            throw malformed(buf.remaining() + " trailing bytes after the proof");
        }
        PartialMerkleTree tree = fb.getPartialMerkleTree();
        List<Sha256Hash> matched = new ArrayList<>();
        Sha256Hash root;
        try {
            root = tree.getTxnHashAndMerkleRoot(matched);
        } catch (VerificationException | IndexOutOfBoundsException e) {
            throw malformed("partial merkle tree is malformed: " + e.getMessage());
        }
        return new InclusionProof(fb.getBlockHeader(), root, List.copyOf(matched));
    }

    private static PaymentInputException malformed(String message) {
        return new PaymentInputException(RefusalReason.MALFORMED_PROOF, message);
    }
}
