package io.grapevine.node.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures one stream's throughput over a loopback socket pair (prints MB/s; the assertion is only on the byte count).
 * Size with -Dyamux.throughput.mib (default 512). A measurement, not a check: it runs only with -Dbench=true, e.g.
 * {@code ./mvnw -pl node -am test -Dbench=true -Dtest='YamuxThroughput*' -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class YamuxThroughputTest {

    @Test
    void oneStreamOverLoopback() throws Exception {
        long total = Long.getLong("yamux.throughput.mib", 512) * 1024 * 1024;
        YamuxConfig fixed = YamuxConfig.defaults().withReceiveWindow(256 * 1024, 256 * 1024);
        measure("warm-up", YamuxConfig.defaults(), total);
        for (int round = 1; round <= 2; round++) {
            measure("fixed 256 KiB window, round " + round, fixed, total);
            measure("auto-tuned window (256 KiB..16 MiB), round " + round, YamuxConfig.defaults(), total);
        }
    }

    private static void measure(String label, YamuxConfig config, long total) throws Exception {
        Sink sink = new Sink();
        ChannelInitializer<Channel> serverStreams = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(sink);
            }
        };
        try (LoopbackPair pair = new LoopbackPair(config, serverStreams)) {
            Source source = new Source(total);
            long start = System.nanoTime();
            YamuxStream stream = (YamuxStream) pair.clientSession.openStream(source).sync().getNow();
            long received;
            try {
                received = sink.done.get(Long.getLong("yamux.throughput.timeout", 120), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.out.println("STALL client " + stream.eventLoop().submit(stream::describeState).get()
                        + " sink " + sink.received + " server " + sink.channel.eventLoop().submit(
                        ((YamuxStream) sink.channel)::describeState).get()
                        + " conn writable " + pair.client.isWritable());
                throw e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(received).isEqualTo(total);
            System.out.printf("yamux throughput, %s: %d MiB in %.2f s = %.0f MB/s%n",
                    label, total >> 20, seconds, total / seconds / 1e6);
        }
    }

    /** Writes the same 64 KiB buffer (retained duplicates, no copying) while the stream is writable. */
    private static final class Source extends ChannelInboundHandlerAdapter {
        private final long total;
        private long written;
        private ByteBuf chunk;

        Source(long total) {
            this.total = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            chunk = ctx.alloc().directBuffer(64 * 1024).writeZero(64 * 1024);
            writeMore(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            writeMore(ctx);
        }

        private void writeMore(ChannelHandlerContext ctx) {
            if (chunk == null) {
                return;
            }
            while (written < total && ctx.channel().isWritable()) {
                int n = (int) Math.min(chunk.readableBytes(), total - written);
                ctx.write(chunk.retainedSlice(0, n));
                written += n;
            }
            ctx.flush();
            if (written == total) {
                chunk.release();
                chunk = null;
                ((YamuxStream) ctx.channel()).shutdownOutput();
            }
        }
    }

    @io.netty.channel.ChannelHandler.Sharable
    private static final class Sink extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private volatile long received;
        private volatile Channel channel;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            received += buf.readableBytes();
            buf.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                done.complete(received);
            }
        }
    }
}
