package io.grapevine.node.storage;

import java.nio.ByteBuffer;

/**
 * A {@code chunk-index} value: the chunk's size, and for a file-backed chunk the {@link ChunkFiles} key and the byte
 * offset in that set. Four bytes (size only) mean the bytes are in the {@code chunks} family: the format every home
 * made before file-backed chunks holds, read unchanged.
 */
record ChunkLocation(int size, long fileSet, long offset) {
    private static final int IN_STORE = 4;
    private static final int IN_FILE = 20;

    static ChunkLocation inStore(int size) {
        return new ChunkLocation(size, 0, -1);
    }

    boolean inFile() {
        return offset >= 0;
    }

    byte[] encode() {
        return inFile()
                ? ByteBuffer.allocate(IN_FILE).putInt(size).putLong(fileSet).putLong(offset).array()
                : ByteBuffer.allocate(IN_STORE).putInt(size).array();
    }

    static ChunkLocation decode(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        if (v.length == IN_STORE) {
            return inStore(b.getInt());
        }
        if (v.length == IN_FILE) {
            ChunkLocation at = new ChunkLocation(b.getInt(), b.getLong(), b.getLong());
            if (at.offset >= 0 && at.size >= 0) {
                return at;
            }
        }
        throw new StorageException("damaged chunk index entry of " + v.length + " bytes", null);
    }
}
