package io.grapevine.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.p2p.host.Stream;
import io.grapevine.node.sync.proto.Range;
import io.grapevine.node.sync.proto.SyncMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A hand-driven peer against a real responder: each broken rule ends the session with a reason, the node lives. */
class SyncHostilePeerTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Host attacker;
    private Host victim;
    private InMemorySyncStore victimStore;
    private SyncService victimSync;

    @BeforeEach
    void setUp() throws Exception {
        attacker = host();
        victim = host();
        victimStore = TestRecords.store();
        for (int i = 0; i < 200; i++) {
            victimStore.add(TestRecords.item(i));
        }
        victimSync = new SyncService(victim, SyncConfig.defaults());
        victimSync.addSet("announce", victimStore);
        victimSync.register();
        closeables.add(victimSync);
        attacker.dial(victim.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        // the victim still serves an honest peer after each attack
        InMemorySyncStore honest = TestRecords.store();
        SyncService honestSync = new SyncService(attacker, SyncConfig.defaults());
        honestSync.addSet("announce", honest);
        honestSync.register();
        closeables.add(honestSync);
        assertThat(honestSync.sync(victim.peerId(), "announce").get(10, TimeUnit.SECONDS).received()).isEqualTo(200);
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    private Host host() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        closeables.add(host);
        host.start();
        return host;
    }

    /** Sends {@code bytes} on a fresh sync stream and returns the error the victim answered before ending. */
    private String attack(byte[] bytes) throws Exception {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Stream stream = attacker.newStream(victim.peerId(), List.of(SyncService.PROTOCOL_ID),
                s -> s.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        byte[] b = new byte[buf.readableBytes()];
                        buf.readBytes(b);
                        buf.release();
                        synchronized (got) {
                            got.writeBytes(b);
                        }
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof ChannelInputShutdownEvent) {
                            ended.complete(null);
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        ended.complete(null);
                    }
                })).get(10, TimeUnit.SECONDS);
        stream.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes));
        ended.get(10, TimeUnit.SECONDS);
        stream.close();
        byte[] answer;
        synchronized (got) {
            answer = got.toByteArray();
        }
        // the last frame is the error message
        SyncMessage last = null;
        int at = 0;
        while (at < answer.length) {
            int length = 0;
            int shift = 0;
            int b;
            do {
                b = answer[at++] & 0xff;
                length |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            last = SyncMessage.parseFrom(java.util.Arrays.copyOfRange(answer, at, at + length));
            at += length;
        }
        assertThat(last).as("an error message before the end").isNotNull();
        return last.getError();
    }

    private static byte[] frame(SyncMessage m) {
        byte[] body = m.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = body.length;
        while ((n & ~0x7f) != 0) {
            out.write((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static Range open(Range.Mode mode) {
        return Range.newBuilder().setOpenEnd(true).setMode(mode).build();
    }

    @Test
    void oversizedFrameIsRefusedFromItsLengthPrefix() throws Exception {
        // claims 64 MiB, sends 3 bytes: refused without waiting for (or buffering) the rest
        assertThat(attack(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20, 1, 2, 3}))
                .contains("exceeds");
    }

    @Test
    void garbageIsRefused() throws Exception {
        byte[] junk = new byte[100];
        new Random(3).nextBytes(junk);
        junk[0] = 90; // a frame of 90 bytes of noise
        assertThat(attack(junk)).contains("malformed");
    }

    @Test
    void tooManyRangesAreRefused() throws Exception {
        SyncMessage.Builder m = SyncMessage.newBuilder().setSet("announce");
        for (int i = 0; i < 4_200; i++) {
            m.addRanges(Range.newBuilder().setUpperTimeDelta(1).setMode(Range.Mode.SKIP));
        }
        m.addRanges(open(Range.Mode.SKIP));
        assertThat(attack(frame(m.build()))).contains("ranges in one message");
    }

    @Test
    void rangesOutOfOrderAreRefused() throws Exception {
        SyncMessage m = SyncMessage.newBuilder().setSet("announce")
                .addRanges(Range.newBuilder().setUpperTimeDelta(5).setMode(Range.Mode.SKIP))
                .addRanges(Range.newBuilder().setUpperTimeDelta(0).setMode(Range.Mode.SKIP))
                .addRanges(open(Range.Mode.SKIP)).build();
        assertThat(attack(frame(m))).contains("not ascending");
    }

    @Test
    void badFingerprintAndIdSizesAreRefused() throws Exception {
        SyncMessage fp = SyncMessage.newBuilder().setSet("announce").addRanges(open(Range.Mode.FINGERPRINT).toBuilder()
                .setFingerprint(ByteString.copyFrom(new byte[5]))).build();
        assertThat(attack(frame(fp))).contains("fingerprint of 5 bytes");
        SyncMessage ids = SyncMessage.newBuilder().setSet("announce").addRanges(open(Range.Mode.IDS).toBuilder()
                .setIds(ByteString.copyFrom(new byte[33]))).build();
        assertThat(attack(frame(ids))).contains("not a multiple of 32");
    }

    @Test
    void invalidRecordsStopThePeer() throws Exception {
        SyncMessage.Builder m = SyncMessage.newBuilder().setSet("announce").addRanges(open(Range.Mode.SKIP));
        for (int i = 0; i < 20; i++) {
            m.addRecords(ByteString.copyFrom(new byte[] {1, 2, 3})); // too short: invalid
        }
        assertThat(attack(frame(m.build()))).contains("invalid records");
        assertThat(victimStore.size()).isEqualTo(200);
    }

    @Test
    void messagesOutOfTurnAreRefused() throws Exception {
        byte[] one = frame(SyncMessage.newBuilder().setSet("announce").addRanges(open(Range.Mode.SKIP)).build());
        byte[] burst = new byte[one.length * 3];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(one, 0, burst, i * one.length, one.length);
        }
        assertThat(attack(burst)).contains("out of turn");
    }

    @Test
    void noSetNameIsRefused() throws Exception {
        assertThat(attack(frame(SyncMessage.newBuilder().addRanges(open(Range.Mode.SKIP)).build())))
                .contains("no valid set");
    }
}
