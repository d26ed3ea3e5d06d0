package io.grapevine.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionCommandTest {
    @Test
    void printsABashCompletionScriptThatKnowsTheSubcommands() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("completion")).isZero();
        } finally {
            System.setOut(stdout);
        }
        String script = captured.toString(StandardCharsets.UTF_8);
        assertThat(script).contains("complete -F").contains("_complete_grapevine").contains("status").contains("peers");
    }
}
