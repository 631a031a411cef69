package io.tcconnector.ingress;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.config.BoundProperties;
import io.tcconnector.documents.DocumentReferences;
import io.tcconnector.outbox.OutboxFileNames;
import io.tcconnector.shipments.ShipmentLines;
import io.tcconnector.tradecloud.EventKind;
import io.tcconnector.tradecloud.TradecloudEvent;
import io.tcconnector.tradecloud.WebhookParser;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.tcconnector.support.TestConnector.basic;
import static io.tcconnector.support.TestConnector.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector as Tradecloud sees it: every sample body POSTed over real HTTPS lands
 * byte for byte in the orders folder and on the queues, with its headers; everything that
 * is not a Tradecloud body gets the contract's status and a short JSON answer, and leaves
 * nothing behind.
 */
@ConnectorTest("tradecloud.webhook.max-body-size=64KB")
@AutoConfigureObservability
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIngressTest {

	@Autowired
	TestConnector connector;

	static final String ORDERS = "tradecloud.orders";

	static final String SHIPMENT_LINES = "tradecloud.shipment-lines";

	static final String PENDING_DOCUMENTS = "tradecloud.pending.documents";

	static final String SHIPMENTS = "tradecloud.shipments";

	static final String OTHER = "tradecloud.other";

	static final WebhookParser PARSER = new WebhookParser();

	static final ShipmentLines SHIPMENT_LINE_READER = new ShipmentLines(PARSER, BoundProperties.defaults(),
			new OutboxFileNames());

	static final DocumentReferences DOCUMENTS = new DocumentReferences(PARSER, SHIPMENT_LINE_READER);

	final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	CamelContext camel;

	@BeforeEach
	void emptyTargets(TestInfo test) throws Exception {
		// everySampleReachesItsTargetsExactlyAsSent looks at what waits on the pending
		// documents queue: the download is stopped over all its runs (stopping a queue
		// consumer takes a second), and runs for every other test
		documentsDownload(!test.getTestMethod()
			.map(Method::getName)
			.orElse("")
			.equals("everySampleReachesItsTargetsExactlyAsSent"));
		// not the pending documents: the connector consumes them (see below)
		connector.reset(ORDERS, SHIPMENT_LINES, SHIPMENTS, OTHER);
		for (String folder : List.of("shipments", "other")) {
			for (Path file : TestConnector.filesIn(connector.outputDir().resolve(folder))) {
				Files.delete(file);
			}
		}
	}

	static Stream<Path> samples() {
		return TestConnector.samples().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void everySampleReachesItsTargetsExactlyAsSent(Path sample) throws Exception {
		// the document download (stopped, see emptyTargets) has tests of its own
		connector.drain(PENDING_DOCUMENTS);
		assertDelivered(sample);
	}

	@AfterAll
	void documentsDownloadRunsAgain() throws Exception {
		documentsDownload(true);
	}

	void documentsDownload(boolean running) throws Exception {
		boolean started = this.camel.getRouteController().getRouteStatus("documents-download").isStarted();
		if (running && !started) {
			this.camel.getRouteController().startRoute("documents-download");
		}
		else if (!running && started) {
			this.camel.getRouteController().stopRoute("documents-download");
		}
	}

	void assertDelivered(Path sample) throws Exception {
		byte[] body = TestConnector.asNewEvent(TestConnector.read(sample));
		HttpResponse<String> answer = connector.post(this.port, body, TestConnector.contentTypeOf(sample));

		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode answered = this.json.readTree(answer.body());
		assertThat(answered.path("status").asText()).isEqualTo("accepted");
		String messageId = answered.path("messageId").asText();

		String extension = sample.toString().endsWith(".xml") ? ".xml" : ".json";
		String name = sample.getFileName().toString();
		TradecloudEvent expected = PARSER.parse(body, TestConnector.contentTypeOf(sample));
		String expectedKind = name.startsWith("shipment") ? "shipment"
				: name.startsWith("order-documents") ? "orderDocumentsEvent"
						: name.startsWith("single-delivery") || name.startsWith("simple-order")
								? "singleDeliveryOrderEvent" : name.startsWith("forecast") ? "other" : "orderEvent";
		assertThat(answered.path("kind").asText()).isEqualTo(expectedKind);
		assertThat(expected.kind().field()).isEqualTo(expectedKind);

		if (expected.kind() == EventKind.SHIPMENT || expected.kind() == EventKind.OTHER) {
			boolean shipment = expected.kind() == EventKind.SHIPMENT;
			Path folder = connector.outputDir().resolve(shipment ? "shipments" : "other");
			List<Path> files = await().atMost(Duration.ofSeconds(20))
				.until(() -> TestConnector.filesIn(folder), (landed) -> !landed.isEmpty());
			assertThat(files).hasSize(1);
			assertThat(Files.readAllBytes(files.get(0))).as("exactly as received").isEqualTo(body);
			Message kept = connector.receive(shipment ? SHIPMENTS : OTHER);
			assertThat(((TextMessage) kept).getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
			assertThat(kept.getStringProperty("tradecloudMessageId")).isEqualTo(messageId);
			assertThat(kept.getStringProperty("tradecloudKind")).isEqualTo(expectedKind);
			long changedLines = 0;
			if (shipment) {
				assertThat(kept.getStringProperty("tradecloudShipmentId")).isEqualTo(expected.shipmentId());
				java.util.Iterator<io.tcconnector.shipments.ShipmentLine> lines = SHIPMENT_LINE_READER.lines(body,
						extension.substring(1), null);
				while (lines.hasNext()) {
					changedLines += lines.next().changed() ? 1 : 0;
				}
			}
			for (int line = 0; line < changedLines; line++) {
				Message changed = connector.receive(SHIPMENT_LINES);
				assertThat(changed).as("changed line %d", line).isNotNull();
				assertThat(changed.getStringProperty("tradecloudShipmentId")).isEqualTo(expected.shipmentId());
				assertThat(changed.getStringProperty("tradecloudEventName")).isEqualTo(expected.eventName());
				assertThat(changed.getStringProperty("tradecloudMessageId")).isEqualTo(messageId);
			}
			connector.assertNoMoreOn(SHIPMENT_LINES);
			assertThat(connector.orderFiles()).isEmpty();
			connector.assertNoMoreOn(ORDERS);
			return;
		}

		List<Path> files = connector.awaitOrderFiles(1);
		assertThat(files).hasSize(1);
		assertThat(files.get(0).getFileName().toString()).endsWith(extension).doesNotStartWith(".");
		assertThat(Files.readAllBytes(files.get(0))).isEqualTo(body);

		Message message = connector.receive(ORDERS);
		assertThat(message).isInstanceOf(TextMessage.class);
		assertThat(((TextMessage) message).getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
		JsonNode event = TestConnector.samples()
			.stream()
			.filter((s) -> s.getFileName().toString().equals(name.replace(".xml", ".json")))
			.findFirst()
			.map((s) -> readJson(TestConnector.read(s)).path(expected.field()))
			.orElseThrow();
		assertThat(message.getStringProperty("tradecloudEventName")).isEqualTo(answered.path("eventName").asText());
		assertThat(message.getStringProperty("tradecloudMessageId")).isEqualTo(messageId)
			.isNotEqualTo(event.at("/meta/messageId").asText());
		assertThat(message.getStringProperty("tradecloudOrderId")).isEqualTo(event.path("orderId").asText());
		assertThat(message.getStringProperty("tradecloudPurchaseOrderNumber"))
			.isEqualTo(event.at("/buyerOrder/purchaseOrderNumber").asText());
		assertThat(message.getStringProperty("tradecloudFormat")).isEqualTo(extension.substring(1));
		assertThat(message.getStringProperty("tradecloudKind")).isEqualTo(expectedKind);
		assertThat(message.getStringProperty("Authorization")).isNull();
		connector.assertNoMoreOn(ORDERS);

		// documents, in order events of every kind, wait for the download
		if (!DOCUMENTS.find(expected).isEmpty()) {
			Message kept = connector.receive(PENDING_DOCUMENTS);
			assertThat(kept.getBody(byte[].class)).isEqualTo(body);
		}
		else {
			connector.assertNoMoreOn(PENDING_DOCUMENTS);
		}
	}

	@Test
	void putIsTakenLikePostAndFileNamesSortByArrival() throws Exception {
		Path sample = Path.of("src/test/resources/samples/order-event.json");
		List<String> sent = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			byte[] body = TestConnector.asNewEvent(TestConnector.read(sample));
			HttpResponse<String> answer = connector.send(this.port, i % 2 == 0 ? "PUT" : "POST", "/webhooks/tradecloud",
					body, "application/json", basic(TestConnector.USER, TestConnector.PASSWORD));
			assertThat(answer.statusCode()).isEqualTo(202);
			sent.add(this.json.readTree(answer.body()).path("messageId").asText());
		}
		List<Path> files = connector.awaitOrderFiles(5);
		List<String> names = files.stream().map((f) -> f.getFileName().toString()).toList();
		assertThat(names).hasSize(5).doesNotHaveDuplicates();
		assertThat(names).allMatch(
				(n) -> n.matches("\\d{8}-\\d{6}-\\d{6}_PO-1001_OrderLinesConfirmedBySupplier_[0-9a-f]{8}\\.json"));
		for (int i = 0; i < 5; i++) {
			assertThat(names.get(i)).as("file %d sorts by arrival", i)
				.endsWith("_" + sent.get(i).substring(0, 8) + ".json");
			assertThat(Files.readString(files.get(i))).contains(sent.get(i));
		}
		for (int i = 0; i < 5; i++) {
			Message message = connector.receive(ORDERS);
			assertThat(message).isNotNull();
		}
	}

	@Test
	void unknownEventNamesUnknownFieldsAndAnyXmlRootPassThrough() throws Exception {
		String jsonBody = """
				{"eventName": "OrderLinesTeleportedByBuyer", "somethingNew": {"x": [1, 2]},
				 "orderEvent": {"orderId": "o-77", "buyerOrder": {"purchaseOrderNumber": "PO-77"},
				                "meta": {"messageId": "m-77"}}}""";
		HttpResponse<String> answer = connector.post(this.port, jsonBody.getBytes(StandardCharsets.UTF_8),
				"application/json; charset=utf-8");
		assertThat(answer.statusCode()).isEqualTo(202);
		Message message = connector.receive(ORDERS);
		assertThat(message.getStringProperty("tradecloudEventName")).isEqualTo("OrderLinesTeleportedByBuyer");
		assertThat(message.getStringProperty("tradecloudMessageId")).isEqualTo("m-77");

		String xmlBody = """
				<?xml version="1.0" encoding="UTF-8"?>
				<AnyRootAtAll><eventName>OrderLinesTeleportedByBuyer</eventName>
				<singleDeliveryOrderEvent><orderId>o-78</orderId><buyerOrder><purchaseOrderNumber>PO-78</purchaseOrderNumber></buyerOrder>
				<meta><messageId>m-78</messageId></meta><futureElement>kept</futureElement></singleDeliveryOrderEvent>
				</AnyRootAtAll>""";
		answer = connector.post(this.port, xmlBody.getBytes(StandardCharsets.UTF_8), "text/xml");
		assertThat(answer.statusCode()).isEqualTo(202);
		message = connector.receive(ORDERS);
		assertThat(message.getStringProperty("tradecloudKind")).isEqualTo("singleDeliveryOrderEvent");
		assertThat(message.getStringProperty("tradecloudPurchaseOrderNumber")).isEqualTo("PO-78");
		assertThat(message.getStringProperty("tradecloudMessageId")).isEqualTo("m-78");
		assertThat(connector.awaitOrderFiles(2)).hasSize(2);
		assertThat(Files.readString(connector.orderFiles().get(1))).isEqualTo(xmlBody);
	}

	@Test
	void bothPasswordsOfARotationAndBothTokensAreAccepted() {
		byte[] sample = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));
		for (String authorization : List.of(basic(TestConnector.USER, TestConnector.PASSWORD),
				basic(TestConnector.USER, TestConnector.OLD_PASSWORD), bearer(TestConnector.TOKEN),
				bearer(TestConnector.OTHER_TOKEN))) {
			HttpResponse<String> answer = connector.send(this.port, "POST", "/webhooks/tradecloud",
					TestConnector.asNewEvent(sample), "application/json", authorization);
			assertThat(answer.statusCode()).as(authorization.split(" ")[0]).isEqualTo(202);
		}
		assertThat(connector.awaitOrderFiles(4)).hasSize(4);
	}

	@Test
	void missingOrWrongCredentialsAreRefusedWithAChallengeAndNothingIsWritten() throws Exception {
		byte[] body = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));
		List<String> wrong = java.util.Arrays.asList(null, basic(TestConnector.USER, "wrong"),
				basic("someone-else", TestConnector.PASSWORD), basic(TestConnector.USER, TestConnector.PASSWORD + "x"),
				bearer("wrong-token"), bearer(TestConnector.PASSWORD), "Digest username=\"tradecloud\"",
				basic(TestConnector.USER, ""));
		for (String authorization : wrong) {
			HttpResponse<String> answer = connector.send(this.port, "POST", "/webhooks/tradecloud", body,
					"application/json", authorization);
			assertThat(answer.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
			assertThat(answer.headers().allValues("WWW-Authenticate")).anyMatch((c) -> c.startsWith("Basic realm="))
				.anyMatch((c) -> c.startsWith("Bearer"));
			JsonNode error = this.json.readTree(answer.body());
			assertThat(error.path("error").asText()).isEqualTo("unauthorized");
			assertThat(answer.body()).doesNotContain(TestConnector.PASSWORD).doesNotContain("wrong-token");
		}
		assertThat(connector.orderFiles()).isEmpty();
		connector.assertNoMoreOn(ORDERS);
	}

	@Test
	void badBodiesGetTheirStatusAndAShortJsonAnswer() throws Exception {
		byte[] order = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));
		byte[] truncated = java.util.Arrays.copyOf(order, order.length / 2);
		assertRefused(connector.post(this.port, truncated, "application/json"), 400, "bad_request");
		assertRefused(connector.post(this.port, "{\"eventName\": \"X\", \"a\": {}, \"b\": {}}".getBytes(),
				"application/json"), 400, "bad_request");
		assertRefused(connector.post(this.port, "{\"eventName\": \"X\"}".getBytes(), "application/json"), 400,
				"bad_request");
		assertRefused(
				connector.post(this.port, "{\"orderEvent\": {\"orderId\": \"o\"}}".getBytes(), "application/json"), 400,
				"bad_request");
		assertRefused(connector.post(this.port, "[1, 2]".getBytes(), "application/json"), 400, "bad_request");
		assertRefused(connector.post(this.port, new byte[0], "application/json"), 400, "bad_request");
		assertRefused(connector.post(this.port, "<a><b>".getBytes(), "application/xml"), 400, "bad_request");
		assertRefused(connector.post(this.port, order, "text/plain"), 415, "unsupported_media_type");
		assertRefused(connector.post(this.port, order, "application/x-www-form-urlencoded"), 415,
				"unsupported_media_type");
		assertThat(connector.orderFiles()).isEmpty();
		connector.assertNoMoreOn(ORDERS);
	}

	@Test
	void xmlWithADoctypeIsRefusedAndItsEntitiesAreNeverRead() throws Exception {
		Path secret = Files.createTempFile("secret", ".txt");
		Files.writeString(secret, "TOP-SECRET-CONTENT");
		String external = """
				<?xml version="1.0"?>
				<!DOCTYPE w [<!ENTITY e SYSTEM "%s">]>
				<w><eventName>&e;</eventName><orderEvent><orderId>&e;</orderId></orderEvent></w>"""
			.formatted(secret.toUri());
		String expansion = """
				<?xml version="1.0"?>
				<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
				<w><orderEvent><orderId>&b;</orderId></orderEvent></w>""";
		for (String body : List.of(external, expansion)) {
			HttpResponse<String> answer = connector.post(this.port, body.getBytes(StandardCharsets.UTF_8),
					"application/xml");
			assertRefused(answer, 400, "bad_request");
			assertThat(answer.body()).contains("DOCTYPE").doesNotContain("TOP-SECRET");
		}
		assertThat(connector.orderFiles()).isEmpty();
	}

	@Test
	void bodiesOverTheLimitAreRefusedWith413WithOrWithoutContentLength() throws Exception {
		byte[] large = ("{\"orderEvent\": {\"orderId\": \"" + "x".repeat(70 * 1024) + "\"}}").getBytes();
		assertRefused(connector.post(this.port, large, "application/json"), 413, "payload_too_large");

		java.net.http.HttpRequest chunked = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("https://localhost:" + this.port + "/webhooks/tradecloud"))
			.header("Content-Type", "application/json")
			.header("Authorization", basic(TestConnector.USER, TestConnector.PASSWORD))
			.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(large)))
			.build();
		HttpResponse<String> answer = connector.https().send(chunked, HttpResponse.BodyHandlers.ofString());
		assertRefused(answer, 413, "payload_too_large");
		assertThat(connector.orderFiles()).isEmpty();
	}

	@Test
	void unknownPathsAndMethodsGetShortJsonAnswers() throws Exception {
		String auth = basic(TestConnector.USER, TestConnector.PASSWORD);
		assertRefused(
				connector.send(this.port, "POST", "/webhooks/elsewhere", "{}".getBytes(), "application/json", auth),
				404, "not_found");
		assertRefused(connector.send(this.port, "DELETE", "/webhooks/tradecloud", null, null, auth), 405,
				"method_not_allowed");
	}

	@Test
	void healthIsOpenAndMetricsNeedCredentials() throws Exception {
		HttpResponse<String> health = connector.send(this.port, "GET", "/actuator/health", null, null, null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(health.body())).isEqualTo(this.json.readTree("{\"status\":\"UP\"}"));

		assertThat(connector.send(this.port, "GET", "/actuator/prometheus", null, null, null).statusCode())
			.isEqualTo(401);
		assertThat(connector.send(this.port, "GET", "/actuator/env", null, null, null).statusCode()).isEqualTo(401);

		connector.post(this.port,
				TestConnector.asNewEvent(TestConnector.read(Path.of("src/test/resources/samples/order-event.json"))),
				"application/json");
		HttpResponse<String> metrics = connector.send(this.port, "GET", "/actuator/prometheus", null, null,
				basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).containsPattern(
				"tradecloud_webhooks_total\\{application=\"tradecloud-webhook-connector\",eventName=\"OrderLinesConfirmedBySupplier\",kind=\"orderEvent\",outcome=\"accepted\"} [1-9]");
	}

	private void assertRefused(HttpResponse<String> answer, int status, String error) throws Exception {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		JsonNode body = this.json.readTree(answer.body());
		assertThat(body.path("error").asText()).isEqualTo(error);
		assertThat(body.path("detail").asText()).isNotBlank();
		assertThat(answer.body()).hasSizeLessThan(400).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private JsonNode readJson(byte[] body) {
		try {
			return this.json.readTree(body);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
