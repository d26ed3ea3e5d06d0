package io.grapevine.node.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenTest {

    @Test
    void acceptsOnlyTheExactBearerToken() {
        ApiToken token = ApiToken.random();
        String value = token.value();
        assertThat(value).matches("[0-9a-f]{64}");
        assertThat(token.acceptsAuthorization("Bearer " + value)).isTrue();
        assertThat(token.acceptsAuthorization("bearer " + value)).isTrue(); // the scheme is case-insensitive
        assertThat(token.acceptsAuthorization(null)).isFalse();
        assertThat(token.acceptsAuthorization("")).isFalse();
        assertThat(token.acceptsAuthorization("Bearer")).isFalse();
        assertThat(token.acceptsAuthorization("Bearer ")).isFalse();
        assertThat(token.acceptsAuthorization(value)).isFalse();
        assertThat(token.acceptsAuthorization("Basic " + value)).isFalse();
        assertThat(token.acceptsAuthorization("Bearer " + value.substring(0, 63))).isFalse();
        assertThat(token.acceptsAuthorization("Bearer " + value + "0")).isFalse();
        assertThat(token.acceptsAuthorization("Bearer " + value.toUpperCase())).isFalse();
    }

    @Test
    void tokensAreRandomAndNeverPrinted() {
        ApiToken a = ApiToken.random();
        assertThat(a.value()).isNotEqualTo(ApiToken.random().value());
        assertThat(a.toString()).doesNotContain(a.value());
    }
}
