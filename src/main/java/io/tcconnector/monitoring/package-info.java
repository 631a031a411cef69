/**
 * What operators watch the connector by: metrics per target and per queue, traces of an
 * event across its queues, and the health probes (see docs/monitoring.md).
 */
package io.tcconnector.monitoring;
