package io.tcconnector.monitoring;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tcconnector.simulator.ErpDelivery;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code /actuator/prometheus} says after events of every kind went through an ERP
 * outage, a dead letter and documents: deliveries per target and outcome with their
 * latency, the events' age per target, the backlog of the pending queues and the dead
 * letters, documents downloaded and their bytes, Tradecloud API calls by endpoint,
 * duplicates answered, the certificate's expiry, and what Spring Boot and Camel give for
 * HTTP, routes and the JVM. Every value is asserted as the difference between a scrape
 * before and after.
 */
@ConnectorTest
@AutoConfigureObservability(tracing = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorMetricsTest {

	/**
	 * Whether the events of {@link #everySeriesOfTheDashboardCountsWhatHappened} went.
	 */
	static boolean eventsSent;

	static final TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests());

	@DynamicPropertySource
	static void ownSimulator(DynamicPropertyRegistry registry) {
		TestConnector.useSimulator(registry, simulator);
	}

	@Autowired
	TestConnector connector;

	@LocalServerPort
	int port;

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void emptyQueues() {
		connector.reset("tradecloud.orders", "tradecloud.shipments", "tradecloud.shipment-lines", "tradecloud.other",
				"tradecloud.documents", "tradecloud.dead-letters");
		simulator.clearErpDeliveries();
		simulator.setErpAvailable(true);
	}

	@Test
	@Order(1)
	void everySeriesOfTheDashboardCountsWhatHappened() throws Exception {
		PrometheusScrape before = scrape();
		String purchaseOrder = "PO-M-" + UUID.randomUUID();
		String orderMessage = UUID.randomUUID().toString();
		byte[] order = sample("order-event.json", orderMessage, Instant.now().minusSeconds(120))
			.replace("PO-1001", purchaseOrder)
			.getBytes(StandardCharsets.UTF_8);
		simulator.putContent("metrics-drawing.pdf", "application/pdf", "a drawing for the metrics".getBytes());
		String documents = sample("order-documents-event.json", UUID.randomUUID().toString(), Instant.now()).replace(
				"http://127.0.0.1:18080/content/drawing-7.pdf", simulator.baseUrl() + "/content/metrics-drawing.pdf");
		// an event without meta.createdDateTime: its age counts from its receipt
		String other = sample("forecast-event.json", UUID.randomUUID().toString(), Instant.now())
			.replaceAll("\"createdDateTime\"\\s*:\\s*\"[^\"]*\",?", "");

		simulator.setErpAvailable(false);
		assertThat(post(order)).isEqualTo(202);
		assertThat(post(sample("single-delivery-order-event.json", UUID.randomUUID().toString(), Instant.now())))
			.isEqualTo(202);
		assertThat(post(documents)).isEqualTo(202);
		assertThat(post(sample("shipment-event.json", UUID.randomUUID().toString(), Instant.now()))).isEqualTo(202);
		assertThat(post(other)).isEqualTo(202);
		assertThat(post(order)).as("a duplicate").isEqualTo(200);

		// while the ERP is down: its work waits, retried, and the oldest of it ages
		PrometheusScrape outage = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(this::scrape,
					(now) -> now.value("tradecloud_queue_messages", "role", "erp") >= 4
							&& now.value("tradecloud_queue_oldest_age_seconds", "role", "erp") >= 1.0
							&& delta(before, now, "tradecloud_deliveries_total", "target", "erp:orders", "outcome",
									"retried") >= 2
							&& delta(before, now, "tradecloud_deliveries_total", "target", "erp:shipments", "outcome",
									"retried") >= 1);
		assertThat(outage.value("tradecloud_queue_oldest_age_seconds", "role", "erp")).isLessThan(60);
		assertThat(outage.has("tradecloud_queue_messages", "queue", "tradecloud.pending.erp", "role", "erp")).isTrue();

		simulator.setErpAvailable(true);
		await().atMost(Duration.ofSeconds(30)).until(() -> simulator.erpAccepted().size() >= 4);

		// an event the ERP refuses goes to the dead letters
		String refused = "PO-R-" + UUID.randomUUID();
		simulator.rejectErpPurchaseOrder(refused, 422);
		assertThat(post(
				sample("order-event.json", UUID.randomUUID().toString(), Instant.now()).replace("PO-1001", refused)))
			.isEqualTo(202);
		PrometheusScrape after = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(this::scrape,
					(now) -> now.value("tradecloud_queue_messages", "role", "dead-letters") == 1
							&& now.value("tradecloud_queue_messages", "role", "erp") == 0
							&& now.value("tradecloud_queue_messages", "role", "documents") == 0
							&& now.value("tradecloud_queue_messages", "role", "events") == 0);
		simulator.clearErpRejections();

		List<Path> lines = TestConnector.filesIn(connector.outputDir().resolve("shipment-lines"));
		List<Path> documentFiles = TestConnector.filesIn(connector.outputDir().resolve("documents"))
			.stream()
			.filter((file) -> !file.toString().endsWith(".json"))
			.toList();
		assertThat(lines).isNotEmpty();
		// the order documents event's certificate and drawing, the shipment's packing
		// list
		assertThat(documentFiles).hasSize(3);
		long documentBytes = 0;
		for (Path file : documentFiles) {
			documentBytes += Files.size(file);
		}

		// deliveries per target and outcome
		assertDelivered(before, after, "folder:orders", 4);
		assertDelivered(before, after, "queue:tradecloud.orders", 4);
		assertDelivered(before, after, "erp:orders", 3);
		assertDelivered(before, after, "folder:shipments", 1);
		assertDelivered(before, after, "queue:tradecloud.shipments", 1);
		assertDelivered(before, after, "erp:shipments", 1);
		assertDelivered(before, after, "folder:shipment-lines", lines.size());
		assertDelivered(before, after, "queue:tradecloud.shipment-lines", lines.size());
		assertDelivered(before, after, "folder:other", 1);
		assertDelivered(before, after, "queue:tradecloud.other", 1);
		assertDelivered(before, after, "documents", 3);
		assertDelivered(before, after, "queue:tradecloud.documents", 3);
		assertThat(delta(before, after, "tradecloud_deliveries_total", "target", "erp:orders", "outcome", "retried"))
			.isGreaterThanOrEqualTo(2);
		assertThat(
				delta(before, after, "tradecloud_deliveries_total", "target", "erp:orders", "outcome", "dead-lettered"))
			.isEqualTo(1);
		assertThat(delta(before, after, "tradecloud_deliveries_total", "outcome", "dead-lettered")).isEqualTo(1);
		assertThat(delta(before, after, "tradecloud_deliveries_total", "target", "folder:orders", "outcome", "retried"))
			.isZero();
		List<ErpDelivery> refusedAtErp = simulator.erpDeliveries()
			.stream()
			.filter((delivery) -> refused.equals(delivery.purchaseOrderNumber()))
			.toList();
		assertThat(refusedAtErp).hasSize(1);

		// latency, with histogram buckets: each delivered attempt and each failed one
		assertThat(delta(before, after, "tradecloud_delivery_duration_seconds_count", "target", "erp:orders", "outcome",
				"delivered"))
			.isEqualTo(3);
		assertThat(delta(before, after, "tradecloud_delivery_duration_seconds_count", "target", "erp:orders", "outcome",
				"failed"))
			.isGreaterThanOrEqualTo(3);
		assertThat(after.has("tradecloud_delivery_duration_seconds_bucket", "target", "erp:orders", "outcome",
				"delivered", "le", "+Inf"))
			.isTrue();

		// the event's age when each target had it: since meta.createdDateTime, or since
		// receipt; the order created 2 minutes before it was sent reached the ERP after
		// the outage
		assertThat(delta(before, after, "tradecloud_event_age_seconds_count", "target", "folder:orders")).isEqualTo(4);
		assertThat(delta(before, after, "tradecloud_event_age_seconds_sum", "target", "erp:orders")).isBetween(120.0,
				600.0);
		assertThat(delta(before, after, "tradecloud_event_age_seconds_sum", "target", "folder:other")).isBetween(0.0,
				30.0);
		assertThat(after.has("tradecloud_event_age_seconds_bucket", "target", "documents", "le", "+Inf")).isTrue();

		// backlog: nothing waits any longer but the dead letter
		assertThat(after.value("tradecloud_queue_messages", "role", "erp")).isZero();
		assertThat(after.value("tradecloud_queue_oldest_age_seconds", "role", "erp")).isZero();
		assertThat(after.value("tradecloud_queue_oldest_age_seconds", "role", "dead-letters")).isBetween(0.0, 60.0);

		// documents, and the Tradecloud API calls behind them
		assertThat(delta(before, after, "tradecloud_documents_downloaded_bytes_count")).isEqualTo(3);
		assertThat(delta(before, after, "tradecloud_documents_downloaded_bytes_count", "source", "url")).isEqualTo(1);
		assertThat(delta(before, after, "tradecloud_documents_downloaded_bytes_sum")).isEqualTo(documentBytes);
		assertThat(delta(before, after, "tradecloud_api_requests_seconds_count", "endpoint", "/authentication/login",
				"outcome", "success"))
			.isGreaterThanOrEqualTo(1);
		assertThat(delta(before, after, "tradecloud_api_requests_seconds_count", "endpoint",
				"/object-storage/document/{id}/metadata", "outcome", "success", "status", "200"))
			.isGreaterThanOrEqualTo(2);
		assertThat(delta(before, after, "tradecloud_api_requests_seconds_count", "endpoint", "download-url", "outcome",
				"success"))
			.isGreaterThanOrEqualTo(3);

		// the webhook answers: events in by kind, duplicates
		assertThat(delta(before, after, "tradecloud_webhooks_total", "outcome", "accepted")).isEqualTo(6);
		assertThat(delta(before, after, "tradecloud_webhooks_total", "kind", "shipment", "outcome", "accepted"))
			.isEqualTo(1);
		assertThat(delta(before, after, "tradecloud_webhooks_total", "kind", "other", "outcome", "accepted"))
			.isEqualTo(1);
		assertThat(delta(before, after, "tradecloud_webhooks_total", "outcome", "duplicate")).isEqualTo(1);
		assertThat(delta(before, after, "http_server_requests_seconds_count", "uri", "/webhooks/tradecloud", "status",
				"202"))
			.isEqualTo(6);
		assertThat(delta(before, after, "http_server_requests_seconds_count", "uri", "/webhooks/tradecloud", "status",
				"200"))
			.isEqualTo(1);

		// the certificate in use (generated here) is an SSL bundle: Spring Boot's expiry
		assertThat(after.value("ssl_chain_expiry_seconds", "bundle", "tradecloud-development"))
			.isGreaterThan(Duration.ofDays(300).toSeconds());

		// Camel's route metrics and the JVM's
		assertThat(delta(before, after, "camel_exchanges_total", "routeId", "erp-deliver")).isGreaterThanOrEqualTo(5);
		assertThat(after.value("camel_routes_running_routes")).isGreaterThan(20);
		assertThat(after.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
		eventsSent = true;
	}

	/**
	 * No dead panel, no alert that can never fire: every metric the dashboard and the
	 * alert rules query is in the scrape of the connector that handled the events above,
	 * with every label value they ask for; the rules are valid (promtool, when
	 * installed).
	 */
	@Test
	@Order(2)
	void theDashboardAndTheAlertsQueryOnlyWhatTheConnectorExports() throws Exception {
		if (!eventsSent) {
			emptyQueues();
			everySeriesOfTheDashboardCountsWhatHappened();
		}
		PrometheusScrape exported = scrape();
		MonitoringFiles files = MonitoringFiles.read(Path.of("deploy"));
		assertThat(files.dashboardQueries()).hasSizeGreaterThan(20);
		assertThat(files.alertQueries()).hasSize(6);
		for (MonitoringFiles.Query query : files.allQueries()) {
			for (PromQl.Selector selector : PromQl.selectors(query.expr())) {
				if (selector.metric().equals("up")) {
					// Prometheus' own: whether it reached the connector
					continue;
				}
				assertThat(exported.has(selector.metric())).as(query + ": " + selector.metric() + " is exported")
					.isTrue();
				for (PromQl.LabelMatcher matcher : selector.matchers()) {
					if (matcher.label().equals("job") || matcher.label().equals("instance")
							|| matcher.value().contains("$")) {
						// Prometheus' target labels, Grafana's variables
						continue;
					}
					if (matcher.operator().equals("=")) {
						assertThat(exported.has(selector.metric(), matcher.label(), matcher.value()))
							.as(query + ": some " + selector.metric() + " has " + matcher)
							.isTrue();
					}
					else {
						assertThat(exported.matching(selector.metric())
							.stream()
							.anyMatch((sample) -> sample.labels().containsKey(matcher.label())))
							.as(query + ": " + selector.metric() + " has label " + matcher.label())
							.isTrue();
					}
				}
			}
		}
		files.assertValid();
	}

	void assertDelivered(PrometheusScrape before, PrometheusScrape after, String target, double count) {
		assertThat(delta(before, after, "tradecloud_deliveries_total", "target", target, "outcome", "delivered"))
			.as(target + " delivered")
			.isEqualTo(count);
	}

	static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
		return after.value(name, labels) - before.value(name, labels);
	}

	PrometheusScrape scrape() {
		HttpResponse<String> answer = connector.send(this.port, "GET", "/actuator/prometheus", null, null,
				TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(answer.statusCode()).isEqualTo(200);
		return PrometheusScrape.parse(answer.body());
	}

	int post(String body) {
		return connector.post(this.port, body.getBytes(StandardCharsets.UTF_8), "application/json").statusCode();
	}

	int post(byte[] body) {
		return connector.post(this.port, body, "application/json").statusCode();
	}

	/** A sample as a new event: its own message id, created at the given time. */
	static String sample(String file, String messageId, Instant created) {
		String body = new String(
				TestConnector.withMessageId(TestConnector.read(Path.of("src/test/resources/samples", file)), messageId),
				StandardCharsets.UTF_8);
		return body.replaceAll("\"createdDateTime\"\\s*:\\s*\"[^\"]*\"", "\"createdDateTime\": \"" + created + "\"");
	}

}
