package io.grapevine.node.storage;

/** A RocksDB failure (disk full, I/O error, corruption), with what was being done. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
