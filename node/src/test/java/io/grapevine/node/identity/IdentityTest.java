package io.grapevine.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    @TempDir
    Path home;

    @Test
    void createsOwnerOnlyKeyFileAndLoadsTheSameIdentity() throws IOException {
        Identity first = Identity.loadOrCreate(home.resolve("node"));
        Path keyFile = home.resolve("node").resolve(Identity.KEY_FILE_NAME);
        assertThat(first.keyFile()).isEqualTo(keyFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        byte[] stored = Files.readAllBytes(keyFile);
        assertThat(stored).hasSize(68).startsWith(0x08, 0x01, 0x12, 0x40);
        try (var files = Files.list(keyFile.getParent())) {
            assertThat(files).containsExactly(keyFile); // no temporary file left behind
        }

        Identity second = Identity.loadOrCreate(home.resolve("node"));
        assertThat(second.peerId()).isEqualTo(first.peerId());
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(stored);
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(first.publicKey().verify(data, second.privateKey().sign(data))).isTrue();
        assertThat(first.peerId().toBase58()).startsWith("12D3KooW");
    }

    @Test
    void loadsAnExistingLibp2pKeyFile() throws IOException {
        Files.write(home.resolve(Identity.KEY_FILE_NAME), SpecVectors.ED25519_PRIVATE);
        Files.setPosixFilePermissions(home.resolve(Identity.KEY_FILE_NAME), PosixFilePermissions.fromString("rw-------"));
        Identity identity = Identity.loadOrCreate(home);
        assertThat(identity.publicKey().marshal()).isEqualTo(SpecVectors.ED25519_PUBLIC);
    }

    @Test
    void tightensLoosePermissions() throws IOException {
        Path keyFile = home.resolve(Identity.KEY_FILE_NAME);
        Files.write(keyFile, SpecVectors.ED25519_PRIVATE);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        Identity.loadOrCreate(home);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void neverOverwritesAnUnreadableKeyFile() throws IOException {
        Path keyFile = home.resolve(Identity.KEY_FILE_NAME);
        Files.write(keyFile, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Identity.loadOrCreate(home)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read the key");
        assertThat(Files.readAllBytes(keyFile)).containsExactly(1, 2, 3);
        Files.write(keyFile, new byte[PrivateKeys.MAX_MARSHALLED_LENGTH + 1]);
        assertThatThrownBy(() -> Identity.loadOrCreate(home)).hasMessageContaining("not a key file");
    }
}
