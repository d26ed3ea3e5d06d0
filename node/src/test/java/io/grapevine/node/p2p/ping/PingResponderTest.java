package io.grapevine.node.p2p.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PingResponderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new PingResponder(Duration.ofSeconds(10)));

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Test
    void echoesEachPayloadAsSoonAsItIsComplete() {
        byte[] payload = random(32, 1);
        channel.writeInbound(Unpooled.wrappedBuffer(payload, 0, 20));
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(payload, 20, 12));
        assertEcho(payload);
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void echoesSeveralPayloadsArrivingTogether() {
        byte[] two = random(64, 2);
        channel.writeInbound(Unpooled.wrappedBuffer(two));
        assertEcho(java.util.Arrays.copyOfRange(two, 0, 32));
        assertEcho(java.util.Arrays.copyOfRange(two, 32, 64));
    }

    @Test
    void closesWhenTheDialerClosesItsSide() {
        channel.writeInbound(Unpooled.wrappedBuffer(random(32, 3)));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        channel.runPendingTasks();
        ByteBuf echo = channel.readOutbound();
        assertThat(echo.readableBytes()).isEqualTo(32);
        echo.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void resetsWhenTheStreamEndsInsideAPayload() {
        channel.writeInbound(Unpooled.wrappedBuffer(random(10, 4)));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closesAnIdleStream() {
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(random(32, 5)));
        ((ByteBuf) channel.readOutbound()).release();
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("activity restarts the idle timer").isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closesOnNonBufferMessages() {
        channel.writeInbound("not bytes");
        assertThat(channel.isOpen()).isFalse();
    }

    private void assertEcho(byte[] expected) {
        ByteBuf echo = channel.readOutbound();
        try {
            assertThat(ByteBufUtil.getBytes(echo)).isEqualTo(expected);
        } finally {
            echo.release();
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
