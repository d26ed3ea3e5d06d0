package io.grapevine.node.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.multiformats.Multiaddr;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadRecordTest {
    private final DownloadRecord record = new DownloadRecord(DownloadState.PAUSED, 1_700_000_000_123L,
            Path.of("/home/u/Downloads"), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"),
                    Multiaddr.parse("/ip6/::1/tcp/4002")));

    @Test
    void roundTrips() {
        assertThat(DownloadRecord.decode(record.encode())).isEqualTo(record);
        assertThat(record.withState(DownloadState.RUNNING).state()).isEqualTo(DownloadState.RUNNING);
    }

    @Test
    void refusesDamagedRecords() {
        byte[] good = record.encode();
        assertThatThrownBy(() -> DownloadRecord.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> DownloadRecord.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
        byte[] version = good.clone();
        version[0] = 9;
        assertThatThrownBy(() -> DownloadRecord.decode(version)).hasMessageContaining("version 9");
        byte[] state = good.clone();
        state[1] = 42;
        assertThatThrownBy(() -> DownloadRecord.decode(state)).hasMessageContaining("unknown download state");
        byte[] longPath = good.clone();
        longPath[10] = (byte) 0xff; // high byte of the path length: 65,280+ bytes
        assertThatThrownBy(() -> DownloadRecord.decode(longPath)).hasMessageContaining("at most 4096");
        assertThatThrownBy(() -> DownloadRecord.decode(new byte[0])).hasMessageContaining("truncated");
    }
}
