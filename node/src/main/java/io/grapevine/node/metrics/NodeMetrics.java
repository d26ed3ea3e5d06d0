package io.grapevine.node.metrics;

import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Host;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The node's meter registry, rendered for Prometheus at {@code /metrics}. JVM meters are bound here; each feature
 * registers its own meters on {@link #registry()} under the {@code grapevine.} prefix.
 */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public MeterRegistry registry() { return registry; }

    /** Connection and peer gauges, read from the host at scrape time. */
    public void bindHost(Host host) {
        Gauge.builder("grapevine.connections", host, h -> h.connections().stream().filter(Connection::isOpen).count())
                .description("open libp2p connections").register(registry);
        Gauge.builder("grapevine.peers.connected", host, h -> h.connections().stream().filter(Connection::isOpen)
                        .map(Connection::remotePeer).distinct().count())
                .description("distinct peers with an open connection").register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() { return registry.scrape(); }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
