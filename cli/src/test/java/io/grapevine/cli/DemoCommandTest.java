package io.grapevine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void demoWithExitWalksThroughEveryStepAndCleansUp() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("demo", "--exit");
        } finally {
            System.setOut(stdout);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(code).as(output).isZero();
        assertThat(output).contains("walk-through complete").contains("sha-256 matches")
                .contains("why: ").contains("now finds nothing").contains("finds it again").doesNotContain("FAILED")
                .contains("stopped");
        for (String name : DemoCommand.NODES) assertThat(output).containsPattern(name + " +http://127\\.0\\.0\\.1:\\d+/\\?token=");

        Matcher homes = Pattern.compile("homes in (\\S+)").matcher(output);
        assertThat(homes.find()).isTrue();
        assertThat(Files.exists(Path.of(homes.group(1)))).as("temporary homes removed").isFalse();
    }
}
