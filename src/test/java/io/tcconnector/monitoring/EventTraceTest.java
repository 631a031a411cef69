package io.tcconnector.monitoring;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.logging.JsonLogCapture;
import io.tcconnector.simulator.ErpDelivery;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing switched on and exported over OTLP to a collector of the test's own: one event
 * with documents, whose first ERP attempt fails, is one trace from the webhook through
 * the events queue to the ERP call and the document downloads (the Tradecloud API calls
 * included); the stand-in ERP gets a W3C {@code traceparent} of that trace. Its JSON log
 * (ECS), across the webhook thread and the three queue consumers, the retry included:
 * every line has the event's message id, event name, order id and purchase order number,
 * and the same trace id.
 */
@ConnectorTest({ "management.tracing.enabled=true", "management.tracing.opentelemetry.export.schedule-delay=100ms" })
@AutoConfigureObservability(metrics = false)
class EventTraceTest {

	static final TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests());

	static final OtlpReceiver collector = OtlpReceiver.start();

	@DynamicPropertySource
	static void ownSimulatorAndCollector(DynamicPropertyRegistry registry) {
		TestConnector.useSimulator(registry, simulator);
		registry.add("management.otlp.tracing.endpoint", collector::tracesUrl);
	}

	@Autowired
	TestConnector connector;

	@Autowired
	CamelContext camel;

	@LocalServerPort
	int port;

	final ObjectMapper json = new ObjectMapper();

	@AfterAll
	static void stop() {
		simulator.close();
		collector.close();
	}

	@Test
	void oneEventIsOneTraceAndEveryLineOfItsLogCarriesItsIdsAndTraceId() throws Exception {
		String messageId = UUID.randomUUID().toString();
		String purchaseOrder = "PO-T-" + UUID.randomUUID();
		simulator.putContent("trace-drawing.pdf", "application/pdf", "a drawing for the trace".getBytes());
		String body = new String(TestConnector.withMessageId(
				TestConnector.read(Path.of("src/test/resources/samples/order-documents-event.json")), messageId),
				StandardCharsets.UTF_8)
			.replace("PO-1003", purchaseOrder)
			.replace("http://127.0.0.1:18080/content/drawing-7.pdf",
					simulator.baseUrl() + "/content/trace-drawing.pdf");
		NotifyBuilder downloaded = TestConnector.whenRouteDone(this.camel, "documents-download",
				header("tradecloudMessageId").isEqualTo(messageId));
		NotifyBuilder erp = TestConnector.whenRouteDone(this.camel, "erp-deliver",
				header("tradecloudMessageId").isEqualTo(messageId));
		// a 500: retried by the connector (HTTP client itself retries a 503 once)
		simulator.failNext("POST", "/erp/", 500, 1);

		List<JsonNode> log;
		try (JsonLogCapture ecs = JsonLogCapture.start("ecs")) {
			assertThat(
					connector.post(this.port, body.getBytes(StandardCharsets.UTF_8), "application/json").statusCode())
				.isEqualTo(202);
			assertThat(downloaded.matches(30, TimeUnit.SECONDS)).as("documents downloaded").isTrue();
			assertThat(erp.matches(30, TimeUnit.SECONDS)).as("delivered to the ERP").isTrue();
			log = ecs.lines().stream().map(this::parse).toList();
		}

		// the stand-in ERP got the trace's traceparent
		ErpDelivery delivery = simulator.erpAccepted()
			.stream()
			.filter((d) -> messageId.equals(d.messageId()))
			.findFirst()
			.orElseThrow();
		String traceparent = delivery.header("traceparent");
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
		String traceId = traceparent.split("-")[1];

		// every span of the event's handling, exported, in that trace: the webhook
		// request
		// (the root), its routes, the queues it went through, the ERP calls, the document
		// downloads and their Tradecloud API calls
		Set<String> expected = Set.of("webhook-accept", "events-dispatch", "orders-deliver", "erp-post",
				"documents-fetch", "queue:tradecloud.pending.events", "queue:tradecloud.pending.erp",
				"queue:tradecloud.pending.documents", "queue:tradecloud.orders", "get /authentication/login",
				"get /object-storage/document/{id}/metadata", "get download-url");
		try {
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> collector.spansOf(traceId), (all) -> names(all).containsAll(expected)
						&& erpCalls(all).size() >= 2 && all.stream().anyMatch((span) -> span.kind() == 2));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			Set<String> missing = new java.util.TreeSet<>(expected);
			missing.removeAll(names(collector.spansOf(traceId)));
			throw new AssertionError(
					"spans of trace " + traceId + " missing: " + missing + ", ERP calls "
							+ erpCalls(collector.spansOf(traceId)).size() + ", all names " + names(collector.spans()),
					ex);
		}
		List<OtlpReceiver.Span> spans = collector.spansOf(traceId);
		assertThat(erpCalls(spans)).as("the ERP call: the failed attempt and the retry").hasSize(2);
		assertThat(spans).filteredOn((span) -> span.parentSpanId().isEmpty())
			.as("one root: the webhook request")
			.singleElement()
			.satisfies((root) -> assertThat(root.name()).isEqualTo("http post /webhooks/tradecloud"));
		Set<String> spanIds = spans.stream().map(OtlpReceiver.Span::spanId).collect(Collectors.toSet());
		assertThat(spans).filteredOn((span) -> !span.parentSpanId().isEmpty())
			.allMatch((span) -> spanIds.contains(span.parentSpanId()), "every parent in the trace");
		assertThat(spans).filteredOn((span) -> span.spanId().equals(traceparent.split("-")[2]))
			.as("the traceparent's span: the ERP call's")
			.singleElement()
			.satisfies((span) -> assertThat(erpCalls(List.of(span))).hasSize(1));

		// every line of the event's log: its ids and the trace id, across its threads
		List<JsonNode> lines = log.stream()
			// the connector's lines, not the stand-ins'
			.filter((line) -> !line.path("log").path("logger").asText().startsWith("io.tcconnector.simulator"))
			.filter((line) -> line.path("message").asText().contains(messageId)
					|| line.path("message").asText().contains(purchaseOrder)
					|| line.path("message").asText().contains("Failed delivery for"))
			.toList();
		assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
		assertThat(lines).anyMatch((line) -> line.path("message").asText().contains("Failed delivery for"));
		for (JsonNode line : lines) {
			assertThat(line.path("tradecloudMessageId").asText()).as(line.toString()).isEqualTo(messageId);
			assertThat(line.path("tradecloudEventName").asText()).as(line.toString())
				.isEqualTo("OrderDocumentsAttachedBySupplier");
			assertThat(line.path("tradecloudPurchaseOrderNumber").asText()).as(line.toString())
				.isEqualTo(purchaseOrder);
			assertThat(line.path("tradecloudOrderId").asText()).as(line.toString()).isNotBlank();
			assertThat(line.path("traceId").asText()).as(line.toString()).isEqualTo(traceId);
		}
		assertThat(lines.stream().map((line) -> line.path("process").path("thread").path("name").asText()).distinct())
			.as("the webhook thread and the consumers of the events, ERP and documents queues")
			.hasSizeGreaterThanOrEqualTo(4);
	}

	private static List<OtlpReceiver.Span> erpCalls(List<OtlpReceiver.Span> spans) {
		return spans.stream()
			.filter((span) -> span.attributes().getOrDefault("camel.uri", "").startsWith(simulator.baseUrl() + "/erp/"))
			.toList();
	}

	private static Set<String> names(List<OtlpReceiver.Span> spans) {
		return spans.stream().map(OtlpReceiver.Span::name).collect(Collectors.toSet());
	}

	private JsonNode parse(String line) {
		try {
			return this.json.readTree(line);
		}
		catch (Exception ex) {
			throw new AssertionError("not one JSON record: " + line, ex);
		}
	}

}
