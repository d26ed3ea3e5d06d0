package io.grapevine.node.pubsub.score;

/**
 * What a score allows (gossipsub v1.1). Below {@code gossip}: no IHAVE/IWANT to or from the peer. Below
 * {@code publish}: our own messages are not flood-published to it. Below {@code graylist}: every RPC from it is
 * ignored. PX from a pruning peer is followed only at or above {@code acceptPx}. Opportunistic grafting happens when
 * the median score of a topic's mesh falls below {@code opportunisticGraft}.
 */
public record PeerScoreThresholds(double gossip, double publish, double graylist, double acceptPx,
                                  double opportunisticGraft) {

    public PeerScoreThresholds {
        if (!(gossip <= 0 && publish <= gossip && graylist <= publish && acceptPx >= 0 && opportunisticGraft >= 0)) {
            throw new IllegalArgumentException("need graylist <= publish <= gossip <= 0 <= acceptPx, opportunisticGraft");
        }
    }

    /** gossip -10, publish -50, graylist -80, acceptPx 10, opportunisticGraft 5 (sized for the default weights). */
    public static PeerScoreThresholds defaults() {
        return new PeerScoreThresholds(-10, -50, -80, 10, 5);
    }
}
