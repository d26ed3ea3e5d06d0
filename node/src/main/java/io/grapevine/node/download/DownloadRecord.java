package io.grapevine.node.download;

import io.grapevine.node.multiformats.Multiaddr;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code downloads} column family holds for one content id (the key). Which chunks are verified is not
 * recorded: the chunk store itself says so, and it cannot disagree with the record. Format, version 1:
 * {@code u8 version, u8 state, i64 created (epoch ms), u16 n + output folder (UTF-8), u16 count,
 * count x (u16 n + provider multiaddr bytes)}.
 */
public record DownloadRecord(DownloadState state, long createdMillis, Path outputDir, List<Multiaddr> providers) {
    static final int VERSION = 1;
    static final int MAX_PATH_BYTES = 4096;
    static final int MAX_PROVIDERS = 64;

    public DownloadRecord {
        providers = List.copyOf(providers);
        if (providers.size() > MAX_PROVIDERS) {
            throw new IllegalArgumentException("at most " + MAX_PROVIDERS + " providers per download");
        }
    }

    DownloadRecord withState(DownloadState next) {
        return new DownloadRecord(next, createdMillis, outputDir, providers);
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeByte(state.ordinal());
            out.writeLong(createdMillis);
            byte[] path = outputDir.toString().getBytes(StandardCharsets.UTF_8);
            if (path.length > MAX_PATH_BYTES) {
                throw new IllegalArgumentException("output folder path over " + MAX_PATH_BYTES + " bytes");
            }
            out.writeShort(path.length);
            out.write(path);
            out.writeShort(providers.size());
            for (Multiaddr provider : providers) {
                byte[] addr = provider.toBytes();
                out.writeShort(addr.length);
                out.write(addr);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a stored record; a damaged one gets an exception with the reason, never a partial record. */
    static DownloadRecord decode(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown download record version " + version);
            }
            int state = in.readUnsignedByte();
            if (state >= DownloadState.values().length) {
                throw new IllegalArgumentException("unknown download state " + state);
            }
            long created = in.readLong();
            Path dir = Path.of(new String(readBounded(in, MAX_PATH_BYTES), StandardCharsets.UTF_8));
            int count = in.readUnsignedShort();
            if (count > MAX_PROVIDERS) {
                throw new IllegalArgumentException(count + " providers (at most " + MAX_PROVIDERS + ")");
            }
            List<Multiaddr> providers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                providers.add(Multiaddr.fromBytes(readBounded(in, Multiaddr.MAX_BYTES)));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes");
            }
            return new DownloadRecord(DownloadState.values()[state], created, dir, providers);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated download record", e);
        }
    }

    private static byte[] readBounded(DataInputStream in, int max) throws IOException {
        int n = in.readUnsignedShort();
        if (n > max) {
            throw new IllegalArgumentException("field of " + n + " bytes (at most " + max + ")");
        }
        return readExactly(in, n);
    }

    private static byte[] readExactly(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
