package io.grapevine.node.api.events;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.ApiServer;
import io.grapevine.node.events.NodeEvents;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;


/**
 * {@code GET /api/v1/events}: the node's live events as server-sent events, one SSE event per node event, named by
 * its type, its data the event's JSON; a {@code dropped} event says how many a slow reader lost; a comment every
 * {@value #KEEPALIVE_MS} ms keeps idle connections open. 503 when too many streams are open.
 */
public final class EventsRoute implements ApiRoutes {
    public static final String PATH = ApiServer.BASE + "/events";
    static final long KEEPALIVE_MS = 15_000;
    public static final long KEEPALIVE_SECONDS = KEEPALIVE_MS / 1000;

    private final NodeEvents events;

    public EventsRoute(NodeEvents events) {
        this.events = events;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(PATH, this::handle);
    }

    private void handle(Context ctx) throws Exception {
        NodeEvents.Subscription subscription = events.subscribe().orElseThrow(() -> new ApiError(503, "too_many_streams",
                "at most " + NodeEvents.MAX_SUBSCRIBERS + " event streams at once"));
        // The handler may run the stream after handle() returns: the stream closes the subscription when it ends.
        try {
            new SseHandler(client -> stream(client, subscription)).handle(ctx);
        } catch (Exception | Error e) {
            subscription.close();
            throw e;
        }
    }

    private static void stream(SseClient client, NodeEvents.Subscription subscription) {
        client.onClose(subscription::close);
        try (subscription) {
            client.sendComment("grapevine events");
            while (!client.terminated() && !subscription.isClosed()) {
                NodeEvents.Event event = subscription.next(KEEPALIVE_MS);
                if (subscription.isClosed()) break;
                long dropped = subscription.takeDropped();
                if (dropped > 0) client.sendEvent("dropped", "{\"count\":" + dropped + "}");
                if (event == null) {
                    client.sendComment("keepalive");
                    continue;
                }
                client.sendEvent(event.type(), ApiJson.MAPPER.writeValueAsString(event.data()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the client went away or an event could not be encoded: end this stream only
        }
        try {
            client.close();
        } catch (RuntimeException e) {
            // already gone with its connection
        }
    }
}
