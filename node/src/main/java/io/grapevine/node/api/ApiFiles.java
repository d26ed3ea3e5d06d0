package io.grapevine.node.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The two files in the home folder that let a client find the running node: {@code api} (its URL) and
 * {@code api-token} (owner-only). Each is written to a temporary file and renamed into place, so a reader never
 * sees half a token and the token is never readable by others, even for a moment.
 */
public final class ApiFiles {
    public static final String URL_FILE = "api";
    public static final String TOKEN_FILE = "api-token";

    private final Path dir;

    public ApiFiles(Path dir) {
        this.dir = dir;
    }

    public Path urlFile() { return dir.resolve(URL_FILE); }
    public Path tokenFile() { return dir.resolve(TOKEN_FILE); }

    void writeToken(ApiToken token) throws IOException {
        replace(tokenFile(), token.value() + "\n", true);
    }

    void writeUrl(String url) throws IOException {
        replace(urlFile(), url + "\n", false);
    }

    /** Removes both files; a client then knows no node is running here. */
    void remove() throws IOException {
        Files.deleteIfExists(urlFile());
        Files.deleteIfExists(tokenFile());
    }

    private void replace(Path target, String text, boolean ownerOnly) throws IOException {
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(ownerOnly ? "rw-------" : "rw-r--r--"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attrs);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
