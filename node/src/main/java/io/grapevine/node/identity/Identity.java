package io.grapevine.node.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's own key pair, kept in {@code <home>/identity.key} as a marshalled protobuf {@code PrivateKey}. */
public final class Identity {
    public static final String KEY_FILE_NAME = "identity.key";
    private static final Logger LOG = LoggerFactory.getLogger(Identity.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_PERMISSIONS = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final PrivateKey privateKey;
    private final PeerId peerId;
    private final Path keyFile;

    private Identity(PrivateKey privateKey, Path keyFile) {
        this.privateKey = privateKey;
        this.peerId = PeerId.fromPublicKey(privateKey.publicKey());
        this.keyFile = keyFile;
    }

    /**
     * Loads the key file under {@code home}, or creates a new Ed25519 key there. An existing file is never
     * overwritten; one readable by group or others is tightened to owner-only, with a warning.
     */
    public static Identity loadOrCreate(Path home) throws IOException {
        Files.createDirectories(home);
        Path keyFile = home.resolve(KEY_FILE_NAME);
        if (!Files.exists(keyFile)) {
            try {
                create(keyFile, Ed25519PrivateKey.generate());
            } catch (FileAlreadyExistsException raced) {
                LOG.debug("{} appeared while creating it; loading the existing one", keyFile);
            }
        }
        return load(keyFile);
    }

    private static Identity load(Path keyFile) throws IOException {
        tightenPermissions(keyFile);
        long size = Files.size(keyFile);
        if (size > PrivateKeys.MAX_MARSHALLED_LENGTH) {
            throw new IOException(keyFile + " is " + size + " bytes: not a key file");
        }
        try {
            return new Identity(PrivateKeys.unmarshal(Files.readAllBytes(keyFile)), keyFile);
        } catch (KeyFormatException e) {
            throw new IOException("cannot read the key in " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes to a temporary owner-only file, then hard-links it into place: the key is never visible half-written
     * or world-readable, and the link fails rather than replace a file another process just created.
     */
    private static void create(Path keyFile, PrivateKey key) throws IOException {
        Path dir = keyFile.getParent();
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".identity", ".tmp", attrs);
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(key.marshal()));
                channel.force(true);
            }
            Files.createLink(keyFile, tmp);
            LOG.info("created a new identity {} in {}", PeerId.fromPublicKey(key.publicKey()), keyFile);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void tightenPermissions(Path keyFile) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(keyFile, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        boolean loose = perms.stream().anyMatch(p -> !OWNER_PERMISSIONS.contains(p));
        if (loose) {
            LOG.warn("{} was accessible to group or others ({}); restricting it to the owner",
                    keyFile, PosixFilePermissions.toString(perms));
            view.setPermissions(OWNER_ONLY);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return privateKey.publicKey();
    }

    public PeerId peerId() {
        return peerId;
    }

    public Path keyFile() {
        return keyFile;
    }

    @Override
    public String toString() {
        return "Identity[" + peerId + "]";
    }
}
