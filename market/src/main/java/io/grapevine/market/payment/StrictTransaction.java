package io.grapevine.market.payment;

import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.base.VarInt;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutput;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A transaction parsed from untrusted bytes, strictly: no trailing bytes, canonical re-encoding, not a coinbase, not
 * 64 bytes without witness (such a transaction is indistinguishable from an inner merkle node), output values in
 * range. The txid is computed here from the stripped (witness-free) serialization.
 */
record StrictTransaction(Transaction tx, Sha256Hash txid) {
    /** A standard transaction is at most 400,000 weight units; consensus allows 4 MB of block weight. */
    static final int MAX_TX_BYTES = 4_000_000;
    private static final long MAX_MONEY = 2_100_000_000_000_000L;

    static StrictTransaction parse(byte[] raw) throws PaymentInputException {
        if (raw == null || raw.length == 0 || raw.length > MAX_TX_BYTES) {
            throw malformed("transaction must be 1.." + MAX_TX_BYTES + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        Transaction tx;
        try {
            tx = Transaction.read(buf);
        } catch (RuntimeException e) { // BufferUnderflowException, ProtocolException, IllegalArgumentException
            throw malformed("transaction does not parse: " + e);
        }
        if (buf.hasRemaining()) {
            throw malformed(buf.remaining() + " trailing bytes after the transaction");
        }
        if (tx.getInputs().isEmpty() || tx.getOutputs().isEmpty()) {
            throw malformed("transaction has no inputs or no outputs");
        }
        if (tx.isCoinBase()) {
            throw new PaymentInputException(RefusalReason.COINBASE_TX, "a coinbase transaction is not a payment");
        }
        if (!Arrays.equals(tx.serialize(), raw)) {
            throw malformed("non-canonical transaction encoding");
        }
        long total = 0;
        for (TransactionOutput out : tx.getOutputs()) {
            long v = out.getValue().value;
            if (v < 0 || v > MAX_MONEY || (total += v) > MAX_MONEY) {
                throw malformed("output value out of range");
            }
        }
        byte[] stripped = stripped(tx);
        if (stripped.length == 64) {
            throw malformed("64-byte transaction without witness (could pose as a merkle node)");
        }
        Sha256Hash txid = Sha256Hash.wrapReversed(Sha256Hash.hashTwice(stripped));
        if (!txid.equals(tx.getTxId())) {
            throw malformed("computed txid differs from bitcoinj's");
        }
        return new StrictTransaction(tx, txid);
    }

    /** version, inputs, outputs, lock time: the serialization the txid commits to. */
    private static byte[] stripped(Transaction tx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU32(out, tx.getVersion());
        out.writeBytes(VarInt.of(tx.getInputs().size()).serialize());
        for (TransactionInput in : tx.getInputs()) {
            out.writeBytes(in.serialize());
        }
        out.writeBytes(VarInt.of(tx.getOutputs().size()).serialize());
        for (TransactionOutput o : tx.getOutputs()) {
            out.writeBytes(o.serialize());
        }
        writeU32(out, tx.lockTime().rawValue());
        return out.toByteArray();
    }

    private static void writeU32(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private static PaymentInputException malformed(String message) {
        return new PaymentInputException(RefusalReason.MALFORMED_TX, message);
    }
}
