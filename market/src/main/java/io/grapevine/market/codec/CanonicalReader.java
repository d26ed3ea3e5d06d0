package io.grapevine.market.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@link CanonicalWriter}'s encoding from untrusted bytes: every length is checked against the caller's bound
 * and the remaining input before anything is allocated; {@link #end()} refuses trailing bytes.
 */
public final class CanonicalReader {
    private final ByteBuffer in;

    public CanonicalReader(byte[] data) {
        this.in = ByteBuffer.wrap(data);
    }

    public int u8() throws MalformedRecordException {
        need(1);
        return in.get() & 0xFF;
    }

    public int u16() throws MalformedRecordException {
        need(2);
        return in.getShort() & 0xFFFF;
    }

    public long u32() throws MalformedRecordException {
        need(4);
        return in.getInt() & 0xFFFFFFFFL;
    }

    public long i64() throws MalformedRecordException {
        need(8);
        return in.getLong();
    }

    public byte[] bytes(int min, int max) throws MalformedRecordException {
        long len = u32();
        if (len < min || len > max) {
            throw new MalformedRecordException("field length " + len + " outside " + min + ".." + max);
        }
        return raw((int) len);
    }

    public byte[] raw(int len) throws MalformedRecordException {
        need(len);
        byte[] b = new byte[len];
        in.get(b);
        return b;
    }

    public String string(int minBytes, int maxBytes) throws MalformedRecordException {
        byte[] b = bytes(minBytes, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRecordException("malformed UTF-8");
        }
    }

    /** Reads the record's type tag and refuses any other. */
    public void expectTag(String tag) throws MalformedRecordException {
        String got = string(0, 128);
        if (!got.equals(tag)) {
            throw new MalformedRecordException("expected record type " + tag + ", got " + got);
        }
    }

    public void end() throws MalformedRecordException {
        if (in.hasRemaining()) {
            throw new MalformedRecordException(in.remaining() + " trailing bytes");
        }
    }

    private void need(int n) throws MalformedRecordException {
        if (n < 0 || in.remaining() < n) {
            throw new MalformedRecordException("truncated: need " + n + " bytes, have " + in.remaining());
        }
    }
}
