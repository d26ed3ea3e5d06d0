package io.grapevine.node.sync;

import java.time.Duration;

/**
 * Limits and tuning of {@code /grapevine/sync/1} (docs/protocols.md). What we send stays within what we accept, so
 * two nodes with the defaults never refuse each other's messages.
 *
 * @param maxFrameBytes       largest message accepted (checked from the length prefix, before buffering)
 * @param recordBatchBytes    record bytes we put in one message (one record more when the batch is empty)
 * @param maxRecordBytes      largest record accepted or sent
 * @param maxRecordsPerMessage records accepted in one message
 * @param maxWantsPerMessage  ids asked for in one message (sent and accepted)
 * @param maxRangesPerMessage ranges accepted in one message
 * @param maxRangesOut        ranges we send in one message (the rest of the space goes as one range, for later)
 * @param maxIdsPerMessage    ids in IDS ranges accepted in one message
 * @param maxIdsOut           ids in IDS ranges we send in one message
 * @param branching           sub-ranges a mismatching range is split into
 * @param idsThreshold        at most this many records in a mismatching range: send their ids instead of splitting
 * @param maxRounds           messages received per session
 * @param maxWantedPerSession ids one session asks for at most (the rest waits for the next session)
 * @param maxInvalidRecords   invalid records tolerated from a peer in one session before it is stopped
 * @param readTimeout         longest wait for the peer's next message
 * @param sessionTimeout      longest session
 * @param maxInboundSessions  sessions served at once (more are refused with "busy")
 */
public record SyncConfig(int maxFrameBytes, int recordBatchBytes, int maxRecordBytes, int maxRecordsPerMessage,
        int maxWantsPerMessage, int maxRangesPerMessage, int maxRangesOut, int maxIdsPerMessage, int maxIdsOut,
        int branching, int idsThreshold, int maxRounds, int maxWantedPerSession, int maxInvalidRecords,
        Duration readTimeout, Duration sessionTimeout, int maxInboundSessions) {
    public static final int MAX_SET_NAME = 128;

    public SyncConfig {
        if (branching < 2 || idsThreshold < branching || maxRangesOut < branching + 2
                || maxRangesOut > maxRangesPerMessage || maxIdsOut < idsThreshold || maxIdsOut > maxIdsPerMessage
                || recordBatchBytes + maxRecordBytes + maxWantsPerMessage * 40 + maxIdsOut * 32
                        + maxRangesOut * 64 > maxFrameBytes) {
            throw new IllegalArgumentException("inconsistent sync limits: " + this);
        }
    }

    public static SyncConfig defaults() {
        return new SyncConfig(4 << 20, 2 << 20, 64 << 10, 16384, 4096, 4096, 1024, 16384, 8192, 16, 32, 4096,
                1 << 20, 8, Duration.ofSeconds(30), Duration.ofMinutes(5), 16);
    }

    public SyncConfig withTimeouts(Duration read, Duration session) {
        return new SyncConfig(maxFrameBytes, recordBatchBytes, maxRecordBytes, maxRecordsPerMessage,
                maxWantsPerMessage, maxRangesPerMessage, maxRangesOut, maxIdsPerMessage, maxIdsOut, branching,
                idsThreshold, maxRounds, maxWantedPerSession, maxInvalidRecords, read, session, maxInboundSessions);
    }
}
