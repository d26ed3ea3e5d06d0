package io.grapevine.node.p2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MultistreamSelectTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Collects the bytes that reach the handler after multistream, i.e. the protocol's own data. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        final ByteBuf received = Unpooled.buffer();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            received.writeBytes(bytes);
            bytes.release();
        }

        String text() {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** Moves everything each side wrote into the other side until neither writes any more. */
    static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        for (int round = 0; round < 20; round++) {
            boolean moved = move(a, b) | move(b, a);
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("negotiation did not settle");
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        ByteBuf out;
        while ((out = from.readOutbound()) != null) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(out);
            } else {
                out.release();
            }
        }
        return moved;
    }

    static ByteBuf messages(String... texts) {
        return MultistreamMessage.encode(Unpooled.buffer().alloc(), texts);
    }

    static String drainText(EmbeddedChannel ch) {
        StringBuilder text = new StringBuilder();
        ByteBuf out;
        while ((out = ch.readOutbound()) != null) {
            text.append(out.toString(StandardCharsets.ISO_8859_1));
            out.release();
        }
        return text.toString();
    }

    @Test
    void agreesOnFirstCommonProtocolAndRemovesItself() {
        MultistreamSelect init = MultistreamSelect.initiator(List.of("/tls/1.0.0", "/noise"), TIMEOUT);
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/noise", "/yamux/1.0.0"), TIMEOUT);
        EmbeddedChannel a = new EmbeddedChannel(init);
        EmbeddedChannel b = new EmbeddedChannel(resp);

        pump(a, b);

        assertThat(init.negotiated()).isCompletedWithValue("/noise");
        assertThat(resp.negotiated()).isCompletedWithValue("/noise");
        assertThat(a.pipeline().get(MultistreamSelect.class)).isNull();
        assertThat(b.pipeline().get(MultistreamSelect.class)).isNull();
        assertThat(a.isOpen()).isTrue();
        assertThat(b.isOpen()).isTrue();
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void initiatorPipelinesHeaderAndFirstProposalInOneWrite() {
        EmbeddedChannel a = new EmbeddedChannel(MultistreamSelect.initiator(List.of("/noise"), TIMEOUT));
        ByteBuf first = a.readOutbound();
        assertThat(ByteBufUtil.hexDump(first)).isEqualTo(
                "132f6d756c746973747265616d2f312e302e300a" + "072f6e6f6973650a");
        first.release();
        assertThat((Object) a.readOutbound()).isNull();
        a.finishAndReleaseAll();
    }

    @Test
    void notAvailableIsEncodedAsInTheSpec() {
        ByteBuf na = messages("na");
        assertThat(ByteBufUtil.hexDump(na)).isEqualTo("036e610a");
        na.release();
    }

    @Test
    void responderPassesPipelinedDataThatArrivesInTheSameBuffer() {
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/echo/1.0.0"), TIMEOUT);
        Sink sink = new Sink();
        resp.negotiated().thenAccept(p -> sink.toString());
        EmbeddedChannel b = new EmbeddedChannel(resp, sink);
        drainText(b);

        ByteBuf all = messages(MultistreamSelect.PROTOCOL_ID, "/echo/1.0.0");
        all.writeCharSequence("hello, world", StandardCharsets.UTF_8);
        b.writeInbound(all);

        assertThat(resp.negotiated()).isCompletedWithValue("/echo/1.0.0");
        assertThat(sink.text()).isEqualTo("hello, world");
        assertThat(drainText(b)).isEqualTo("\u000c/echo/1.0.0\n");
        sink.received.release();
        b.finishAndReleaseAll();
    }

    @Test
    void initiatorPassesResponderDataThatFollowsTheEcho() {
        MultistreamSelect init = MultistreamSelect.initiator(List.of("/id/1.0.0"), TIMEOUT);
        List<String> order = new ArrayList<>();
        Sink sink = new Sink();
        EmbeddedChannel a = new EmbeddedChannel(init);
        // The next handler is installed by the future's listener, before the leftover bytes are fired.
        init.negotiated().thenAccept(p -> {
            order.add("negotiated " + p);
            a.pipeline().addLast(sink);
        });
        drainText(a);

        ByteBuf reply = messages(MultistreamSelect.PROTOCOL_ID, "/id/1.0.0");
        reply.writeCharSequence("payload", StandardCharsets.UTF_8);
        a.writeInbound(reply);

        assertThat(order).containsExactly("negotiated /id/1.0.0");
        assertThat(sink.text()).isEqualTo("payload");
        sink.received.release();
        a.finishAndReleaseAll();
    }

    @Test
    void worksWhenBytesArriveOneAtATime() {
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/p"), TIMEOUT);
        Sink sink = new Sink();
        EmbeddedChannel b = new EmbeddedChannel(resp, sink);
        ByteBuf all = messages(MultistreamSelect.PROTOCOL_ID, "/p");
        all.writeByte('x');
        while (all.isReadable()) {
            b.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        assertThat(resp.negotiated()).isCompletedWithValue("/p");
        assertThat(sink.text()).isEqualTo("x");
        sink.received.release();
        b.finishAndReleaseAll();
    }

    @Test
    void noCommonProtocolFailsBothSidesAndClosesInitiator() {
        MultistreamSelect init = MultistreamSelect.initiator(List.of("/a", "/b"), TIMEOUT);
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/c"), TIMEOUT);
        EmbeddedChannel a = new EmbeddedChannel(init);
        EmbeddedChannel b = new EmbeddedChannel(resp);
        pump(a, b);
        assertThat(a.isOpen()).isFalse();
        assertThatThrownBy(() -> init.negotiated().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(MultistreamException.class)
                .hasMessageContaining("none of [/a, /b]");
        // The responder learns of it when the initiator's channel goes away.
        b.close();
        assertThat(resp.negotiated()).isCompletedExceptionally();
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void garbageInsteadOfHeaderFailsAndCloses() {
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/p"), TIMEOUT);
        EmbeddedChannel b = new EmbeddedChannel(resp);
        b.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
        assertThat(b.isOpen()).isFalse();
        assertThatThrownBy(() -> resp.negotiated().join())
                .hasCauseInstanceOf(MultistreamException.class)
                .hasMessageContaining("garbage");
        b.finishAndReleaseAll();
    }

    @Test
    void wrongHeaderIsRejected() {
        MultistreamSelect init = MultistreamSelect.initiator(List.of("/p"), TIMEOUT);
        EmbeddedChannel a = new EmbeddedChannel(init);
        drainText(a);
        a.writeInbound(messages("/multistream/2.0.0"));
        assertThat(a.isOpen()).isFalse();
        assertThatThrownBy(() -> init.negotiated().join()).hasMessageContaining("expected /multistream/1.0.0");
        a.finishAndReleaseAll();
    }

    @Test
    void oversizedMessageIsRejectedBeforeBuffering() {
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/p"), TIMEOUT);
        EmbeddedChannel b = new EmbeddedChannel(resp);
        ByteBuf huge = messages(MultistreamSelect.PROTOCOL_ID);
        huge.writeByte(0x81).writeByte(0x08); // 1025
        b.writeInbound(huge);
        assertThat(b.isOpen()).isFalse();
        assertThatThrownBy(() -> resp.negotiated().join()).hasMessageContaining("exceeds 1024");
        b.finishAndReleaseAll();
    }

    @Test
    void messageWithoutNewlineIsRejected() {
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/p"), TIMEOUT);
        EmbeddedChannel b = new EmbeddedChannel(resp);
        ByteBuf bad = messages(MultistreamSelect.PROTOCOL_ID).writeByte(3).writeBytes("abc".getBytes(StandardCharsets.US_ASCII));
        b.writeInbound(bad);
        assertThat(b.isOpen()).isFalse();
        assertThatThrownBy(() -> resp.negotiated().join()).hasMessageContaining("newline");
        b.finishAndReleaseAll();
    }

    @Test
    void invalidUtf8IsRejected() {
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/p"), TIMEOUT);
        EmbeddedChannel b = new EmbeddedChannel(resp);
        b.writeInbound(messages(MultistreamSelect.PROTOCOL_ID).writeByte(3).writeByte(0xC3).writeByte(0x28).writeByte('\n'));
        assertThat(b.isOpen()).isFalse();
        assertThatThrownBy(() -> resp.negotiated().join()).hasMessageContaining("UTF-8");
        b.finishAndReleaseAll();
    }

    @Test
    void endlessProposalsAreCutOff() {
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/p"), TIMEOUT);
        EmbeddedChannel b = new EmbeddedChannel(resp);
        b.writeInbound(messages(MultistreamSelect.PROTOCOL_ID));
        for (int i = 0; i < MultistreamResponder.MAX_PROPOSALS + 1 && b.isOpen(); i++) {
            b.writeInbound(messages("/nope/" + i));
        }
        assertThat(b.isOpen()).isFalse();
        assertThatThrownBy(() -> resp.negotiated().join()).hasMessageContaining("proposals");
        b.finishAndReleaseAll();
    }

    @Test
    void stalledRemoteTimesOut() {
        EmbeddedChannel b = new EmbeddedChannel();
        b.freezeTime();
        MultistreamSelect resp = MultistreamSelect.responder(Set.of("/p"), Duration.ofSeconds(3));
        b.pipeline().addLast(resp);
        b.writeInbound(messages(MultistreamSelect.PROTOCOL_ID)); // header, then nothing
        b.advanceTimeBy(2, TimeUnit.SECONDS);
        b.runScheduledPendingTasks();
        assertThat(b.isOpen()).isTrue();
        b.advanceTimeBy(2, TimeUnit.SECONDS);
        b.runScheduledPendingTasks();
        assertThat(b.isOpen()).isFalse();
        assertThatThrownBy(() -> resp.negotiated().join()).hasMessageContaining("timed out");
        b.finishAndReleaseAll();
    }

    @Test
    void lsListsSupportedProtocolsThenNegotiationContinues() {
        MultistreamSelect resp = MultistreamSelect.responder(List.of("/a", "/b"), TIMEOUT);
        EmbeddedChannel b = new EmbeddedChannel(resp);
        drainText(b);
        b.writeInbound(messages(MultistreamSelect.PROTOCOL_ID, "ls"));
        ByteBuf listing = b.readOutbound();
        String list = MultistreamMessageTest.decodeAll(listing).getFirst();
        listing.release();
        assertThat(list).isEqualTo("\u0003/a\n\u0003/b\n");
        b.writeInbound(messages("/b"));
        assertThat(resp.negotiated()).isCompletedWithValue("/b");
        b.finishAndReleaseAll();
    }

    @Test
    void predicateResponderMatchesDynamically() {
        MultistreamSelect resp = MultistreamSelect.responder(p -> p.startsWith("/grapevine/"), TIMEOUT);
        EmbeddedChannel b = new EmbeddedChannel(resp);
        b.writeInbound(messages(MultistreamSelect.PROTOCOL_ID, "/other", "/grapevine/x/2"));
        assertThat(resp.negotiated()).isCompletedWithValue("/grapevine/x/2");
        assertThat(drainText(b)).contains("na\n").endsWith("/grapevine/x/2\n");
        b.finishAndReleaseAll();
    }

    @Test
    void remoteCloseBeforeAgreementFails() {
        MultistreamSelect init = MultistreamSelect.initiator(List.of("/p"), TIMEOUT);
        EmbeddedChannel a = new EmbeddedChannel(init);
        a.close();
        assertThatThrownBy(() -> init.negotiated().join()).hasMessageContaining("closed");
        a.finishAndReleaseAll();
    }
}
