package io.grapevine.node.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Single-core throughput of the Noise transport, printed to stdout (a measurement, not a test). Run with
 * {@code java -cp <test classpath> io.grapevine.node.p2p.noise.NoiseTransportBenchmark [seconds]}.
 */
public final class NoiseTransportBenchmark {
    private static final int CHUNK = NoiseTransportCodec.MAX_PLAINTEXT_LENGTH;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.println("JDK " + Runtime.version() + ", " + CHUNK + "-byte messages");
        cipherOnly(seconds / 3); // warm-up
        cipherOnly(seconds);
        directByteBuffers(seconds / 3);
        directByteBuffers(seconds);
        codec(seconds / 3);
        codec(seconds);
    }

    private static CipherState[] pair() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        CipherState a = new CipherState();
        a.initializeKey(key);
        CipherState b = new CipherState();
        b.initializeKey(key);
        return new CipherState[] {a, b};
    }

    /** CipherState alone on arrays, as the codec uses it. */
    private static void cipherOnly(double seconds) throws Exception {
        CipherState[] ciphers = pair();
        byte[] plain = new byte[CHUNK];
        byte[] sealed = new byte[CHUNK + 16];
        byte[] opened = new byte[CHUNK];
        long encNanos = 0;
        long decNanos = 0;
        long messages = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            ciphers[0].encrypt(plain, 0, CHUNK, sealed, 0);
            long t1 = System.nanoTime();
            ciphers[1].decrypt(sealed, 0, sealed.length, opened, 0);
            long t2 = System.nanoTime();
            encNanos += t1 - t0;
            decNanos += t2 - t1;
            messages++;
        }
        System.out.printf("CipherState (arrays)     encrypt %6.0f MB/s, decrypt %6.0f MB/s%n",
                rate(messages, encNanos), rate(messages, decNanos));
    }

    /** The raw JDK cipher on direct ByteBuffers, the alternative the codec avoids. */
    private static void directByteBuffers(double seconds) throws Exception {
        Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
        SecretKeySpec key = new SecretKeySpec(new byte[32], "ChaCha20");
        ByteBuffer plain = ByteBuffer.allocateDirect(CHUNK);
        ByteBuffer sealed = ByteBuffer.allocateDirect(CHUNK + 16);
        long nanos = 0;
        long messages = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            byte[] nonce = new byte[12];
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] = (byte) (messages >>> (8 * i));
            }
            long t0 = System.nanoTime();
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
            cipher.doFinal(plain.clear(), sealed.clear());
            nanos += System.nanoTime() - t0;
            messages++;
        }
        System.out.printf("JDK cipher direct ByteBuffers encrypt %6.0f MB/s%n", rate(messages, nanos));
    }

    /** Through the codec on EmbeddedChannels: framing, buffer allocation, staging copies and pipeline included. */
    private static void codec(double seconds) {
        CipherState[] ciphers = pair();
        EmbeddedChannel sender = new EmbeddedChannel(new NoiseTransportCodec(ciphers[0], new CipherState()));
        EmbeddedChannel receiver = new EmbeddedChannel(new NoiseTransportCodec(new CipherState(), ciphers[1]));
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        int size = 64 * 1024;
        long encNanos = 0;
        long decNanos = 0;
        long writes = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            ByteBuf data = alloc.directBuffer(size);
            data.writerIndex(size);
            long t0 = System.nanoTime();
            sender.writeAndFlush(data);
            ByteBuf wire = sender.readOutbound();
            long t1 = System.nanoTime();
            // sockets deliver direct buffers, so decrypt from one (the codec stages it into a heap array)
            ByteBuf inbound = alloc.directBuffer(wire.readableBytes()).writeBytes(wire);
            wire.release();
            long t1b = System.nanoTime();
            receiver.writeInbound(inbound);
            for (ByteBuf b; (b = receiver.readInbound()) != null; ) {
                b.release();
            }
            long t2 = System.nanoTime();
            encNanos += t1 - t0;
            decNanos += t2 - t1b;
            writes++;
        }
        System.out.printf("Codec 64 KiB writes  encrypt %6.0f MB/s, decrypt %6.0f MB/s%n",
                writes * (double) size / encNanos * 1e3, writes * (double) size / decNanos * 1e3);
        sender.finishAndReleaseAll();
        receiver.finishAndReleaseAll();
    }

    private static double rate(long messages, long nanos) {
        return messages * (double) CHUNK / nanos * 1e3;
    }
}
