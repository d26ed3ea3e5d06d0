package io.grapevine.node.pubsub;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;

/**
 * A verified message as validators and subscribers see it.
 *
 * @param from its author (signature checked)
 * @param receivedFrom the peer that relayed it to us
 * @param id its message id under the topic's id function
 */
public record PubsubMessage(String topic, byte[] data, PeerId from, long seqno, ByteString id, PeerId receivedFrom) {
}
