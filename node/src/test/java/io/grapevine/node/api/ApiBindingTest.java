package io.grapevine.node.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiBindingTest {

    @Test
    void parsesHostPortForms() {
        assertThat(ApiBinding.parse("127.0.0.1:5080", false)).isEqualTo(new ApiBinding("127.0.0.1", 5080, false));
        assertThat(ApiBinding.parse("5080", false)).isEqualTo(new ApiBinding("127.0.0.1", 5080, false));
        assertThat(ApiBinding.parse("localhost:0", false).host()).isEqualTo("localhost");
        assertThat(ApiBinding.parse("[::1]:0", false).host()).isEqualTo("::1");
        assertThat(ApiBinding.parse("[::1]:0", false).clientHost()).isEqualTo("[::1]");
        assertThat(ApiBinding.loopback()).isEqualTo(new ApiBinding("127.0.0.1", 0, false));
    }

    @Test
    void refusesANonLoopbackHostWithoutTheFlag() {
        assertThatThrownBy(() -> ApiBinding.parse("0.0.0.0:5080", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--api-allow-remote");
        assertThatThrownBy(() -> ApiBinding.parse("[::]:5080", false)).hasMessageContaining("--api-allow-remote");
        ApiBinding remote = ApiBinding.parse("0.0.0.0:5080", true);
        assertThat(remote.host()).isEqualTo("0.0.0.0");
        assertThat(remote.clientHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void refusesMalformedValues() {
        assertThatThrownBy(() -> ApiBinding.parse("", false)).hasMessageContaining("bad --api");
        assertThatThrownBy(() -> ApiBinding.parse("127.0.0.1:http", false)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ApiBinding.parse("127.0.0.1:70000", false)).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> ApiBinding.parse("127.0.0.1:-1", false)).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> ApiBinding.parse("::1:80", false)).hasMessageContaining("[IPV6]:PORT");
        assertThatThrownBy(() -> ApiBinding.parse("[::1]80", false)).hasMessageContaining("[IPV6]:PORT");
        assertThatThrownBy(() -> ApiBinding.parse(":80", false)).hasMessageContaining("empty host");
        assertThatThrownBy(() -> ApiBinding.parse("no-such-host.invalid:80", false))
                .hasMessageContaining("--api-allow-remote");
    }
}
