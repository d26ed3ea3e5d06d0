package io.grapevine.node.p2p.host;

/**
 * Serves one negotiated inbound stream. Called on the stream's event loop right after the protocol is agreed and
 * before any of its bytes are delivered, so handlers added to {@code stream.channel().pipeline()} here see all of them.
 */
@FunctionalInterface
public interface StreamHandler {
    void handle(Stream stream) throws Exception;
}
