/**
 * Prometheus metrics (issue 12 item 3, docs/cloud.md "Metrics"): where they are served (the management
 * port, loopback by default, a bearer token when exposed) and the meters no single feature owns (events
 * stored, ingest lag, locks connected, commands pending). Features count their own work (alert
 * deliveries and streams in alerts, remote unlock latency in management, webhook deliveries).
 */
package io.keyward.cloud.metrics;
