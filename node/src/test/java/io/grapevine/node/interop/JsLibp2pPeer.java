package io.grapevine.node.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A js-libp2p peer in a child {@code node} process (src/test/interop/peer.mjs), driven by JSON lines over its
 * stdin/stdout. Every call has a bounded timeout; {@link #close()} (or JVM exit) ends the process and its children.
 */
public final class JsLibp2pPeer implements AutoCloseable {

    public static final String ECHO_PROTOCOL = "/grapevine/echo/1.0.0";
    public static final String SINK_PROTOCOL = "/grapevine/sink/1.0.0";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** A reply line longer than this is a broken peer, not something to buffer. */
    private static final int MAX_LINE_CHARS = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What js's peer store holds about a peer after identify. */
    public record Identify(String agentVersion, String protocolVersion, List<String> protocols, List<String> listenAddrs) {}

    /** An echo run: {@code bytes} went out and came back verified over {@code streams} concurrent streams. */
    public record Echo(long bytes, int streams, double seconds, double mibPerSec) {}

    /** A one-way run: {@code bytes} went out and the sink's count and CRC-32 matched; timed first byte to reply. */
    public record Sink(long bytes, double seconds, double mibPerSec) {}

    /** One connection as js-libp2p's connection manager lists it. */
    public record ConnectionInfo(String peer, String remoteAddr, String direction, String status, String encryption,
                                 String multiplexer, int streams) {}

    private final Process process;
    private final Path log;
    private final OutputStream stdin;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Thread shutdownHook;
    private volatile boolean closed;

    private JsLibp2pPeer(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
        this.shutdownHook = new Thread(this::destroy, "js-libp2p-peer-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread reader = new Thread(this::readReplies, "js-libp2p-peer-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a peer listening on a random port of 127.0.0.1 and waits for its ready line. */
    public static JsLibp2pPeer start() {
        return start(Map.of());
    }

    /** Starts a peer with extra environment variables (see peer.mjs, e.g. GOSSIPSUB_PROTOCOLS). */
    public static JsLibp2pPeer start(Map<String, String> environment) {
        Path dir = interopDir();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException("npm packages missing in " + dir + ": the Maven build installs them "
                    + "(generate-test-resources), or run `node install.mjs` there");
        }
        try {
            Path log = Files.createTempFile("js-libp2p-peer-", ".log");
            ProcessBuilder builder = new ProcessBuilder(nodeExecutable(), "peer.mjs")
                    .directory(dir.toFile())
                    .redirectError(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            JsLibp2pPeer peer = new JsLibp2pPeer(process, log);
            try {
                peer.await(peer.ready, START_TIMEOUT, "start");
            } catch (RuntimeException e) {
                peer.close();
                throw e;
            }
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is Node.js on PATH?)", e);
        }
    }

    public String peerId() {
        return ready.join().get("peerId").asText();
    }

    /** CPU time the node process has used so far (all its threads), or zero where the OS does not report it. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Listen addresses, each ending in /p2p/&lt;peerId&gt;. */
    public List<String> addrs() {
        return strings(ready.join().get("addrs"));
    }

    /** Dials a multiaddr (with or without /p2p/); returns the remote peer id. */
    public String dial(String multiaddr) {
        return call(command("dial").put("addr", multiaddr), DEFAULT_TIMEOUT).get("peer").asText();
    }

    /** One ping over the open (or a new) connection; the round-trip time in milliseconds. */
    public double ping(String peerId) {
        return call(command("ping").put("peer", peerId), DEFAULT_TIMEOUT).get("rttMs").asDouble();
    }

    /** What js learned by identify; with {@code runNow} it runs identify again first instead of waiting for the automatic one. */
    public Identify identify(String peerId, boolean runNow) {
        JsonNode r = call(command("identify").put("peer", peerId).put("run", runNow), DEFAULT_TIMEOUT);
        return new Identify(r.get("agentVersion").asText(), r.path("protocolVersion").asText(null),
                strings(r.get("protocols")), strings(r.get("listenAddrs")));
    }

    /** js opens {@code streams} concurrent echo streams to the peer, each sending and verifying {@code bytesPerStream}. */
    public Echo echo(String peerId, long bytesPerStream, int streams, Duration timeout) {
        JsonNode r = call(command("echo").put("peer", peerId).put("bytesPerStream", bytesPerStream)
                .put("streams", streams), timeout);
        return new Echo(r.get("bytes").asLong(), r.get("streams").asInt(), r.get("seconds").asDouble(),
                r.get("mibPerSec").asDouble());
    }

    /** js opens one sink stream to the peer and sends {@code bytes} one way; the sink's count and CRC-32 are checked. */
    public Sink sink(String peerId, long bytes, Duration timeout) {
        JsonNode r = call(command("sink").put("peer", peerId).put("bytes", bytes), timeout);
        return new Sink(r.get("bytes").asLong(), r.get("seconds").asDouble(), r.get("mibPerSec").asDouble());
    }

    public List<ConnectionInfo> connections() {
        List<ConnectionInfo> list = new ArrayList<>();
        for (JsonNode c : call(command("connections"), DEFAULT_TIMEOUT).get("connections")) {
            list.add(new ConnectionInfo(c.get("peer").asText(), c.get("remoteAddr").asText(),
                    c.get("direction").asText(), c.get("status").asText(), c.path("encryption").asText(null),
                    c.path("multiplexer").asText(null), c.get("streams").asInt()));
        }
        return list;
    }

    public void hangUp(String peerId) {
        call(command("hangup").put("peer", peerId), DEFAULT_TIMEOUT);
    }

    /** A message js's gossipsub delivered: author (base58) and data. */
    public record PubsubMessage(String from, byte[] data) {}

    /** What js's gossipsub knows of a topic. */
    public record TopicState(List<String> mesh, List<String> subscribers, List<String> protocols) {}

    public void subscribe(String topic) {
        call(command("subscribe").put("topic", topic), DEFAULT_TIMEOUT);
    }

    /** Publishes; returns the peers js sent it to. */
    public List<String> publish(String topic, byte[] data) {
        return strings(call(command("publish").put("topic", topic)
                .put("data", Base64.getEncoder().encodeToString(data)), DEFAULT_TIMEOUT).get("recipients"));
    }

    /** Deliveries counted by {@link #subscribeCounting}: how many, and when the first and last came (js's ms clock). */
    public record Deliveries(long count, double firstMs, double lastMs) {
        /** Deliveries per second between the first and the last (zero with fewer than two). */
        public double rate() {
            return count < 2 ? 0 : (count - 1) / ((lastMs - firstMs) / 1000);
        }
    }

    /** A flat-out publishing run in js: how many were published and how long js took to hand them to gossipsub. */
    public record PublishRun(long published, double seconds) {}

    /** Subscribes keeping no messages, only a delivery count: the receiver mode for rate measurements. */
    public void subscribeCounting(String topic) {
        call(command("subscribeCounting").put("topic", topic), DEFAULT_TIMEOUT);
    }

    public Deliveries deliveries(String topic) {
        JsonNode r = call(command("deliveries").put("topic", topic), DEFAULT_TIMEOUT);
        return new Deliveries(r.get("count").asLong(), r.path("firstMs").asDouble(0), r.path("lastMs").asDouble(0));
    }

    /** js publishes {@code count} signed messages of {@code size} bytes flat out, with no round trip per message. */
    public PublishRun publishMany(String topic, int count, int size, Duration timeout) {
        JsonNode r = call(command("publishMany").put("topic", topic).put("count", count).put("size", size), timeout);
        return new PublishRun(r.get("published").asLong(), r.get("seconds").asDouble());
    }

    public List<PubsubMessage> received(String topic) {
        List<PubsubMessage> list = new ArrayList<>();
        for (JsonNode m : call(command("received").put("topic", topic), DEFAULT_TIMEOUT).get("messages")) {
            list.add(new PubsubMessage(m.path("from").asText(null), Base64.getDecoder().decode(m.get("data").asText())));
        }
        return list;
    }

    public TopicState gossipsub(String topic) {
        JsonNode r = call(command("gossipsub").put("topic", topic), DEFAULT_TIMEOUT);
        return new TopicState(strings(r.get("mesh")), strings(r.get("subscribers")), strings(r.get("protocols")));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends any command; returns the reply, or throws {@link JsPeerException} with js's error. */
    public JsonNode call(ObjectNode command, Duration timeout) {
        if (closed || !process.isAlive()) {
            throw new IllegalStateException("js peer is not running; its log: " + logTail());
        }
        long id = nextId.incrementAndGet();
        command.put("id", id).put("timeoutMs", timeout.toMillis());
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (stdin) {
                stdin.write((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            // js aborts at timeoutMs; the extra second lets its error reply arrive before we give up.
            JsonNode r = await(reply, timeout.plusSeconds(1), command.get("cmd").asText());
            if (!r.path("ok").asBoolean(false)) {
                throw new JsPeerException(command.get("cmd").asText() + ": " + r.path("error").asText("no error text"));
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the js peer; its log: " + logTail(), e);
        } finally {
            pending.remove(id);
        }
    }

    public static ObjectNode command(String name) {
        return JSON.createObjectNode().put("cmd", name);
    }

    /** Asks js to stop, closes its stdin (which also stops it), then kills whatever is left. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            synchronized (stdin) {
                stdin.write("{\"cmd\":\"stop\"}\n".getBytes(StandardCharsets.UTF_8));
                stdin.close();
            }
        } catch (IOException ignored) {
            // Already gone: nothing to ask.
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy();
            }
        } catch (InterruptedException e) {
            destroy();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // The JVM is already shutting down; the hook runs anyway.
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover temp log is harmless.
        }
    }

    /** The last lines js wrote to stderr, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void readReplies() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.length() > MAX_LINE_CHARS) {
                    throw new IOException("reply line of " + line.length() + " chars");
                }
                JsonNode message = JSON.readTree(line);
                if (message.has("event")) {
                    if ("ready".equals(message.get("event").asText())) {
                        ready.complete(message);
                    }
                } else {
                    CompletableFuture<JsonNode> reply = pending.get(message.path("id").asLong(-1));
                    if (reply != null) {
                        reply.complete(message);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            failAll(e);
            return;
        }
        failAll(new IOException("js peer closed its stdout"));
    }

    private void failAll(Exception cause) {
        ready.completeExceptionally(cause);
        pending.values().forEach(f -> f.completeExceptionally(cause));
    }

    private JsonNode await(CompletableFuture<JsonNode> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new JsPeerException(what + ": no reply from the js peer within " + timeout + "; its log:\n" + logTail());
        } catch (ExecutionException e) {
            throw new JsPeerException(what + ": js peer failed (" + e.getCause() + "); its log:\n" + logTail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JsPeerException(what + ": interrupted");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return List.copyOf(list);
    }

    /** src/test/interop, found from node/ (Surefire's working directory) or from the repository root. */
    static Path interopDir() {
        String configured = System.getProperty("grapevine.interop.dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path candidate : List.of(Path.of("src/test/interop"), Path.of("node/src/test/interop"))) {
            if (Files.isRegularFile(candidate.resolve("peer.mjs"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("peer.mjs not found from " + Path.of("").toAbsolutePath()
                + "; set -Dgrapevine.interop.dir");
    }

    private static String nodeExecutable() {
        return System.getProperty("grapevine.node", "node");
    }
}
