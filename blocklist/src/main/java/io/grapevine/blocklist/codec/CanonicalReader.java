package io.grapevine.blocklist.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/** Reads {@link CanonicalWriter} output; every length is checked against its bound and the remaining input first. */
public final class CanonicalReader {
    private final byte[] in;
    private int pos;

    public CanonicalReader(byte[] in) {
        this.in = in;
    }

    private void need(int n) {
        if (n < 0 || in.length - pos < n) {
            throw new MalformedRecordException("truncated at byte " + pos + ": need " + n);
        }
    }

    public int u8() {
        need(1);
        return in[pos++] & 0xFF;
    }

    public int u16() {
        need(2);
        int v = ((in[pos] & 0xFF) << 8) | (in[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public long u32() {
        need(4);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (in[pos++] & 0xFF);
        }
        return v;
    }

    public long i64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[pos++] & 0xFF);
        }
        return v;
    }

    public byte[] bytes(int maxLength, String field) {
        long len = u32();
        if (len > maxLength) {
            throw new MalformedRecordException(field + " too long: " + len + " > " + maxLength);
        }
        return raw((int) len);
    }

    public byte[] raw(int length) {
        need(length);
        byte[] b = new byte[length];
        System.arraycopy(in, pos, b, 0, length);
        pos += length;
        return b;
    }

    public String string(int maxBytes, String field) {
        byte[] b = bytes(maxBytes, field);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRecordException(field + " is not valid UTF-8");
        }
    }

    /** Checks the leading domain tag, so bytes of one record type never parse as another. */
    public void expectTag(String tag) {
        String got = string(64, "tag");
        if (!got.equals(tag)) {
            throw new MalformedRecordException("expected tag " + tag + " but got " + got);
        }
    }

    public void end() {
        if (pos != in.length) {
            throw new MalformedRecordException((in.length - pos) + " trailing bytes");
        }
    }
}
