package io.grapevine.node.sync;

import com.google.protobuf.ByteString;
import io.grapevine.node.p2p.host.Stream;
import io.grapevine.node.sync.SyncFrameDecoder.SyncFrame;
import io.grapevine.node.sync.proto.SyncMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of one {@code /grapevine/sync/1} session, run on its own (virtual) thread: the sides take turns, each
 * message answering the last one with ranges, wanted ids and records, until one side receives an empty message while
 * having nothing to say; it then closes, and the other side, whose empty message that was, sees the end. Store calls
 * block this thread, never the event loop.
 */
final class SyncSession {
    private static final Logger log = LoggerFactory.getLogger(SyncSession.class);
    /**
     * Extra wait for the peer's answer per record we sent it: the peer verifies and stores them before answering, and
     * a loaded node takes far longer than the usual ~0.1 ms a record (a 2 MiB batch once took over 30 s at load 80).
     */
    static final Duration STORE_ALLOWANCE_PER_RECORD = Duration.ofMillis(5);

    private final Stream stream;
    private final SyncInbox inbox;
    private final SyncConfig config;
    private final boolean initiator;
    private final long started = System.nanoTime();
    private final long deadline;
    private String set;
    private Reconciler reconciler;
    private SyncStore store;
    private long received;
    private long known;
    private long ignored;
    private long invalid;
    private long sent;
    private long bytesIn;
    private long bytesOut;
    private int rounds;
    /** Our last message said nothing: the peer's end of the stream then ends the session normally. */
    private boolean lastEmpty;
    /** Records in our last message: the peer stores them before it answers. */
    private int recordsAwaitingAnswer;
    /** The next batch, read from the store while the peer handles the last one. */
    private final ArrayDeque<byte[]> prepared = new ArrayDeque<>();
    private long preparedBytes;

    SyncSession(Stream stream, SyncInbox inbox, SyncConfig config, boolean initiator) {
        this.stream = stream;
        this.inbox = inbox;
        this.config = config;
        this.initiator = initiator;
        this.deadline = started + config.sessionTimeout().toNanos();
    }

    /**
     * Installs the decoder and inbox on a fresh stream, before any of its bytes arrive; {@code responder} when the
     * peer opened the stream (its first message is then in turn).
     */
    static SyncInbox install(Channel channel, SyncConfig config, boolean responder) {
        SyncInbox inbox = new SyncInbox(responder);
        channel.pipeline().addLast(inbox.arrivals(), new SyncFrameDecoder(config.maxFrameBytes()), inbox);
        return inbox;
    }

    /** Runs the initiator's side for {@code store}, published as {@code set}. */
    SyncResult initiate(String set, SyncStore store) throws SyncException, InterruptedException {
        this.set = set;
        bind(store);
        try {
            send(SyncMessage.newBuilder().setSet(set).addAllRanges(RangeCodec.encode(reconciler.initial())).build());
            return converse();
        } catch (SyncException e) {
            abort(e);
            throw e;
        } finally {
            stream.close();
        }
    }

    /** Runs the responder's side: the first message names the set, looked up in {@code stores} (null: unknown). */
    SyncResult respond(Function<String, SyncStore> stores) throws SyncException, InterruptedException {
        try {
            SyncFrame first = next();
            if (first == null) {
                throw new SyncException("stream ended before the first message", false);
            }
            String name = first.message().getSet();
            if (name.isEmpty() || name.length() > SyncConfig.MAX_SET_NAME) {
                throw new SyncException("first message names no valid set", true);
            }
            SyncStore found = stores.apply(name);
            if (found == null) {
                throw new SyncException("unknown set " + name, false);
            }
            this.set = name;
            bind(found);
            return answer(first) ? result() : converse();
        } catch (SyncException e) {
            abort(e);
            throw e;
        } finally {
            stream.close();
        }
    }

    private void bind(SyncStore store) {
        this.store = store;
        this.reconciler = new Reconciler(store, config);
    }

    /** Takes turns until the session ends. */
    private SyncResult converse() throws SyncException, InterruptedException {
        while (true) {
            SyncFrame frame = next();
            if (frame == null) {
                if (lastEmpty) {
                    return result(); // the peer had nothing either: done
                }
                throw new SyncException("peer ended the stream mid-session", false);
            }
            if (answer(frame)) {
                return result();
            }
        }
    }

    /** Handles one message and sends our answer; true when the session is over (both said nothing). */
    private boolean answer(SyncFrame frame) throws SyncException {
        SyncMessage in = frame.message();
        if (!in.getError().isEmpty()) {
            throw new SyncException("peer gave up: " + truncate(in.getError()), false);
        }
        if (++rounds > config.maxRounds()) {
            throw new SyncException("more than " + config.maxRounds() + " rounds", true);
        }
        if (in.getRecordsCount() > config.maxRecordsPerMessage()) {
            throw new SyncException(in.getRecordsCount() + " records in one message", true);
        }
        if (in.getWantsCount() > config.maxWantsPerMessage()) {
            throw new SyncException(in.getWantsCount() + " wants in one message", true);
        }
        List<SyncRange> ranges = RangeCodec.decode(in.getRangesList(), config);
        for (ByteString want : in.getWantsList()) {
            if (want.size() != SyncKey.ID_BYTES) {
                throw new SyncException("wanted id of " + want.size() + " bytes", true);
            }
        }
        List<SyncRange> reply = reconciler.respond(ranges);
        // stored before we answer, so when a side sees the end every record sent to either side is stored
        take(in.getRecordsList());
        for (ByteString want : in.getWantsList()) {
            if (!reconciler.queueWanted(want.toByteArray())) {
                throw new SyncException("peer asked for more than " + config.maxWantedPerSession() + " records",
                        true);
            }
        }
        boolean incomingEmpty = ranges.isEmpty() && in.getRecordsCount() == 0 && in.getWantsCount() == 0;
        SyncMessage.Builder out = SyncMessage.newBuilder().addAllRanges(RangeCodec.encode(reply));
        for (byte[] id : reconciler.nextWants(config.maxWantsPerMessage())) {
            out.addWants(ByteString.copyFrom(id));
        }
        addRecords(out);
        boolean replyEmpty = out.getRangesCount() == 0 && out.getWantsCount() == 0 && out.getRecordsCount() == 0;
        if (incomingEmpty && replyEmpty) {
            return true;
        }
        send(out.build());
        lastEmpty = replyEmpty;
        prepareRecords();
        return false;
    }

    private void take(List<ByteString> records) throws SyncException {
        List<byte[]> batch = new ArrayList<>(records.size());
        for (ByteString record : records) {
            if (record.size() > config.maxRecordBytes()) {
                invalid(record.size() + "-byte record");
            } else {
                batch.add(record.toByteArray());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        for (SyncStore.AcceptResult result : store.acceptAll(batch)) {
            switch (result) {
                case STORED -> received++;
                case KNOWN -> known++;
                case IGNORED -> ignored++;
                case INVALID -> invalid("invalid record");
            }
        }
    }

    private void invalid(String what) throws SyncException {
        if (++invalid > config.maxInvalidRecords()) {
            throw new SyncException("more than " + config.maxInvalidRecords() + " invalid records (last: " + what
                    + ")", true);
        }
    }

    /** Fills a batch from the send queue: records we hold, up to the batch size (one record at least). */
    private void addRecords(SyncMessage.Builder out) {
        prepareRecords();
        for (byte[] record; (record = prepared.poll()) != null; ) {
            out.addRecords(ByteString.copyFrom(record));
            sent++;
        }
        preparedBytes = 0;
    }

    /**
     * Reads the next batch from the store ahead of time. Called right after each send, so reading it overlaps the
     * peer's storing of the batch just sent instead of following its answer.
     */
    private void prepareRecords() {
        ArrayDeque<byte[]> queue = reconciler.toSend();
        while (!queue.isEmpty() && prepared.size() < config.maxRecordsPerMessage()) {
            byte[] record = store.get(queue.peek());
            if (record == null || record.length > config.maxRecordBytes()) {
                queue.poll();
                continue;
            }
            if (preparedBytes + record.length > config.recordBatchBytes() && !prepared.isEmpty()) {
                break;
            }
            queue.poll();
            prepared.add(record);
            preparedBytes += record.length;
        }
    }

    private SyncFrame next() throws SyncException, InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SyncException("session exceeded " + config.sessionTimeout().toMillis() + " ms", false);
        }
        long allowed = config.readTimeout().toNanos() + recordsAwaitingAnswer * STORE_ALLOWANCE_PER_RECORD.toNanos();
        Duration wait = Duration.ofNanos(Math.min(left, allowed));
        SyncFrame frame = inbox.take(wait);
        if (frame != null) {
            bytesIn += frame.wireBytes();
        }
        return frame;
    }

    private void send(SyncMessage message) throws SyncException {
        Channel channel = stream.channel();
        if (!channel.isActive()) {
            throw new SyncException("stream closed", false);
        }
        byte[] body = message.toByteArray();
        ByteBuf buf = channel.alloc().buffer(5 + body.length);
        int n = body.length;
        while ((n & ~0x7f) != 0) {
            buf.writeByte((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        buf.writeByte(n);
        buf.writeBytes(body);
        bytesOut += buf.readableBytes();
        recordsAwaitingAnswer = message.getRecordsCount();
        inbox.passTurn();
        channel.writeAndFlush(buf);
    }

    /** Tells the peer why we stop (best effort) before the stream closes. */
    private void abort(SyncException e) {
        log.debug("sync {} with {} failed: {}", set, stream.remotePeer(), e.getMessage());
        if (stream.channel().isActive()) {
            try {
                send(SyncMessage.newBuilder().setError(truncate(e.getMessage())).build());
            } catch (SyncException ignored) {
                // closed meanwhile
            }
        }
    }

    private static String truncate(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private SyncResult result() {
        return new SyncResult(set, stream.remotePeer(), initiator, received, known, ignored, invalid, sent, bytesIn,
                bytesOut, rounds, Duration.ofNanos(System.nanoTime() - started));
    }
}
