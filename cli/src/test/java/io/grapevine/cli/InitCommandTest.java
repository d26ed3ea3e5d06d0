package io.grapevine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.assertj.core.api.Assertions.assertThat;

class InitCommandTest {

    @TempDir
    Path home;

    private String init() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("init", "--home", home.toString())).isZero();
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void createsAnOwnerOnlyKeyAndNeverReplacesIt() throws Exception {
        String first = init();
        assertThat(first).startsWith("12D3KooW");
        Path key = home.resolve("identity.key");
        byte[] keyBytes = Files.readAllBytes(key);
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(home.resolve("config.json")).exists();

        assertThat(init()).isEqualTo(first);
        assertThat(Files.readAllBytes(key)).isEqualTo(keyBytes);
    }
}
