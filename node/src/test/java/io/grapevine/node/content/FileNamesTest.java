package io.grapevine.node.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "folder/sub/film.mkv", "Ünïcødé/日本語.txt", "con-notes.txt", "CONSOLE",
            ".hidden", "a..b", "com10.txt"})
    void acceptsOrdinaryNames(String name) {
        assertThat(FileNames.validate(name)).isEqualTo(name);
    }

    @Test
    void refusesEachHostileShapeWithItsReason() {
        assertRefused("", "empty path");
        assertRefused("../etc/passwd", "'..' component");
        assertRefused("a/../../b", "'..' component");
        assertRefused("a/./b", "'.' component");
        assertRefused("/etc/passwd", "absolute path");
        assertRefused("a//b", "empty path component");
        assertRefused("a/", "empty path component");
        assertRefused("C:/Windows", "character ':'");
        assertRefused("a\\..\\b", "character '\\'");
        assertRefused("CON", "device name CON");
        assertRefused("dir/nul.txt", "device name NUL");
        assertRefused("Lpt1", "device name LPT1");
        assertRefused("com3.tar.gz", "device name COM3");
        assertRefused("bell\u0007", "control character U+0007");
        assertRefused("new\nline", "control character U+000A");
        assertRefused("c1\u0085", "control character U+0085");
        assertRefused("trailing.", "ending in a dot or space");
        assertRefused("trailing ", "ending in a dot or space");
        assertRefused("x".repeat(256), "longer than 255 bytes");
        assertRefused(("d".repeat(200) + "/").repeat(6) + "f", "longer than 1024 bytes");
        assertRefused("a/".repeat(64) + "f", "deeper than 64");
        assertRefused("bad\uD800surrogate", "unpaired surrogate");
    }

    @Test
    void assemblerTargetStaysInsideTheOutputFolder(@TempDir Path dir) {
        assertThat(ContentAssembler.target(dir, "a/b.txt")).isEqualTo(dir.toAbsolutePath().resolve("a/b.txt"));
        assertThatThrownBy(() -> ContentAssembler.target(dir, "../x")).isInstanceOf(InvalidContentException.class);
    }

    private static void assertRefused(String name, String reason) {
        assertThatThrownBy(() -> FileNames.validate(name)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("refused file name").hasMessageContaining(reason);
    }
}
