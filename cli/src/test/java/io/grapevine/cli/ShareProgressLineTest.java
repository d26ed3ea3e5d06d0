package io.grapevine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShareProgressLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void showsPercentBytesAndRate() throws Exception {
        String line = ShareCommand.line(JSON.readTree("{\"hashedBytes\":1048576,\"totalBytes\":4194304}"), 2.0);
        assertThat(line).isEqualTo("sharing   25.0%  1.0 MiB / 4.0 MiB  512.0 KiB/s");
    }

    @Test
    void anUnknownTotalShowsAQuestionMark() throws Exception {
        String line = ShareCommand.line(JSON.readTree("{\"hashedBytes\":512,\"totalBytes\":null}"), 0);
        assertThat(line).isEqualTo("sharing    ?    512 B / ?  0 B/s");
    }
}
