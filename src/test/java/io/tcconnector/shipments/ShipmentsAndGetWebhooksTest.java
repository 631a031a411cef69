package io.tcconnector.shipments;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.tcconnector.support.TestConnector.basic;
import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shipments split into their changed lines, and the GET webhooks, end to end over HTTPS
 * against the local Tradecloud simulator.
 */
@ConnectorTest
class ShipmentsAndGetWebhooksTest {

	static final TradecloudSimulator simulator = TestConnector.sharedSimulator();

	@Autowired
	TestConnector connector;

	static final String LINES_QUEUE = "tradecloud.shipment-lines";

	static final String SAMPLE_SHIPMENT_MESSAGE_ID = "0b6f3a52-3f1e-4c8e-9a61-0c1d2e3f4a04";

	static final String SHIPMENT_ID = "1f61e695-7545-5670-9384-58e8b1f263e6-SN-2001";

	final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	CamelContext camel;

	@Autowired
	ProducerTemplate producer;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void emptyTargets() throws Exception {
		connector.reset(LINES_QUEUE, "tradecloud.orders");
		for (Path file : TestConnector.filesIn(shipments())) {
			Files.delete(file);
		}
		// each test counts the requests it causes, whatever ran before it
		simulator.resetCounters();
	}

	Path shipments() {
		return connector.outputDir().resolve("shipment-lines");
	}

	/**
	 * The sample shipment with a fresh message id and, optionally, another event name.
	 */
	String shipment(String file, String messageId, String eventName) {
		return new String(TestConnector.read(Path.of("src/test/resources/samples", file)), StandardCharsets.UTF_8)
			.replace(SAMPLE_SHIPMENT_MESSAGE_ID, messageId)
			.replace("ShipmentReissuedBySupplier", eventName);
	}

	/** Sends a request and waits until the connector has delivered its event. */
	HttpResponse<String> sendAndAwaitSplit(String method, String path, String body, String contentType,
			String messageId) {
		NotifyBuilder split = TestConnector.whenRouteDone(this.camel, "events-deliver", (messageId != null)
				? header("tradecloudMessageId").isEqualTo(messageId) : header("tradecloudAllLines").isEqualTo(true));
		HttpResponse<String> answer = connector.send(this.port, method, path,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null, contentType,
				basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		assertThat(split.matches(60, TimeUnit.SECONDS)).as("events-deliver done").isTrue();
		return answer;
	}

	List<JsonNode> lineFiles() throws Exception {
		List<JsonNode> lines = new ArrayList<>();
		for (Path file : TestConnector.filesIn(shipments())) {
			assertThat(file.getFileName().toString()).endsWith(".json").doesNotStartWith(".");
			lines.add(this.json.readTree(file.toFile()));
		}
		return lines;
	}

	List<TextMessage> lineMessages(int expected) {
		List<TextMessage> messages = new ArrayList<>();
		connector.receive(LINES_QUEUE, expected).forEach((message) -> messages.add((TextMessage) message));
		assertThat(messages).hasSize(expected);
		connector.assertNoMoreOn(LINES_QUEUE);
		return messages;
	}

	@Test
	void aShipmentGivesOneMessagePerChangedLineTheSameFromJsonAndTxml() throws Exception {
		String jsonId = UUID.randomUUID().toString();
		sendAndAwaitSplit("POST", "/webhooks/tradecloud",
				shipment("shipment-event.json", jsonId, "ShipmentReissuedBySupplier"), "application/json", jsonId);
		List<JsonNode> fromJson = lineFiles();

		// two of the four lines (one in a container, one loose) were updated with the
		// shipment
		assertThat(fromJson).hasSize(2);
		assertThat(fromJson).extracting((line) -> line.at("/line/meta/lastUpdatedAt").asText())
			.containsOnly("2026-11-20T09:15:01.900Z");
		assertThat(fromJson).extracting((line) -> line.at("/line/purchaseOrderNumber").asText())
			.containsExactly("PO-1004", "PO-1001");
		JsonNode inContainer = fromJson.get(0);
		assertThat(inContainer.at("/loadCarrier/containerNumber").asText()).isEqualTo("MSKU1234565");
		assertThat(inContainer.path("shipmentId").asText()).isEqualTo(SHIPMENT_ID);
		assertThat(inContainer.path("shipmentNumber").asText()).isEqualTo("SN-2001");
		assertThat(inContainer.path("messageId").asText()).isEqualTo(jsonId);
		assertThat(inContainer.path("transportMode").asText()).isEqualTo("Road transport");
		assertThat(inContainer.at("/destinations/0/location/names/0").asText()).isEqualTo("Buyer DC");
		assertThat(fromJson.get(1).has("loadCarrier")).isFalse();

		List<TextMessage> messages = lineMessages(2);
		assertThat(messages.get(0).getStringProperty("tradecloudShipmentId")).isEqualTo(SHIPMENT_ID);
		assertThat(messages.get(0).getStringProperty("tradecloudShipmentNumber")).isEqualTo("SN-2001");
		assertThat(messages.get(0).getStringProperty("tradecloudPurchaseOrderNumber")).isEqualTo("PO-1004");
		assertThat(messages.get(0).getStringProperty("tradecloudPurchaseOrderLinePosition")).isEqualTo("0001");
		assertThat(this.json.readTree(messages.get(0).getText())).isEqualTo(inContainer);

		for (Path file : TestConnector.filesIn(shipments())) {
			Files.delete(file);
		}
		String xmlId = UUID.randomUUID().toString();
		sendAndAwaitSplit("POST", "/webhooks/tradecloud",
				shipment("shipment-event.xml", xmlId, "ShipmentReissuedBySupplier"), "application/xml", xmlId);
		List<JsonNode> fromXml = lineFiles();
		assertThat(fromXml).hasSize(2);
		for (int i = 0; i < 2; i++) {
			((com.fasterxml.jackson.databind.node.ObjectNode) fromXml.get(i)).put("messageId", jsonId);
			assertThat(fromXml.get(i)).isEqualTo(fromJson.get(i));
		}
		lineMessages(2);
	}

	@Test
	void aLargeShipmentIsSplitIntoEveryChangedLine() throws Exception {
		String id = UUID.randomUUID().toString();
		String body = TestConnector.shipmentWithLines(id, 900);
		assertThat(body.length()).as("more than the 256 KB kept in memory").isGreaterThan(300 * 1024);

		sendAndAwaitSplit("POST", "/webhooks/tradecloud", body, "application/json", id);

		// 900 loose lines plus the container line changed by the event
		assertThat(TestConnector.filesIn(shipments())).hasSize(901);
		lineMessages(901);
	}

	@Test
	void aLinesFolderThatFailsIsRetriedWithoutASecondCopyOfTheShipmentOrOfALine() throws Exception {
		connector.reset("tradecloud.shipments");
		String id = UUID.randomUUID().toString();
		String body = TestConnector.shipmentWithLines(id, 450);
		// the lines folder cannot be written: a file where it should be
		Files.createDirectories(connector.outputDir());
		Files.deleteIfExists(shipments());
		Files.writeString(shipments(), "a file where the folder should be");
		double retriedBefore = retried("folder:shipment-lines");
		NotifyBuilder split = TestConnector.whenRouteDone(this.camel, "events-deliver",
				header("tradecloudMessageId").isEqualTo(id));
		try {
			assertThat(
					connector.post(this.port, body.getBytes(StandardCharsets.UTF_8), "application/json").statusCode())
				.isEqualTo(202);
			await().atMost(Duration.ofSeconds(30)).until(() -> retried("folder:shipment-lines") >= retriedBefore + 2);
		}
		finally {
			Files.delete(shipments());
		}
		assertThat(split.matches(60, TimeUnit.SECONDS)).as("events-deliver done").isTrue();

		assertThat(TestConnector.filesIn(shipments())).hasSize(451);
		List<TextMessage> lines = lineMessages(451);
		assertThat(lines).extracting((line) -> line.getStringProperty("tradecloudPurchaseOrderLinePosition"))
			.doesNotHaveDuplicates();
		assertThat(connector.receive("tradecloud.shipments", 1)).hasSize(1);
		connector.assertNoMoreOn("tradecloud.shipments");
	}

	@Test
	void linesSentAgainReachTheQueueOnceWhateverTheBatchesSentBefore() throws Exception {
		String id = UUID.randomUUID().toString();
		Map<String, Object> headers = Map.of("tradecloudMessageId", id, "tradecloudFormat", "json",
				"tradecloudReceivedAt", "2026-12-03T10:15:30.123456Z", "tradecloudShipmentId", SHIPMENT_ID);
		// a first attempt that sent the first 300 lines (and the container line) only,
		// then the whole event taken again: the batches differ from the first attempt's
		this.producer.sendBodyAndHeaders("direct:shipment-lines-send",
				TestConnector.shipmentWithLines(id, 300).getBytes(StandardCharsets.UTF_8), headers);
		List<TextMessage> first = lineMessages(301);
		this.producer.sendBodyAndHeaders("direct:shipment-lines-send",
				TestConnector.shipmentWithLines(id, 450).getBytes(StandardCharsets.UTF_8), headers);
		this.producer.sendBodyAndHeaders("direct:shipment-lines-send",
				TestConnector.shipmentWithLines(id, 450).getBytes(StandardCharsets.UTF_8), headers);

		List<TextMessage> second = lineMessages(150);
		List<String> positions = new ArrayList<>();
		for (TextMessage line : first) {
			positions.add(line.getStringProperty("tradecloudPurchaseOrderLinePosition"));
		}
		for (TextMessage line : second) {
			positions.add(line.getStringProperty("tradecloudPurchaseOrderLinePosition"));
		}
		assertThat(positions).hasSize(451).doesNotHaveDuplicates().contains("00450");
		assertThat(second).extracting((line) -> line.getStringProperty("tradecloudPurchaseOrderLinePosition"))
			.first()
			.isEqualTo("00301");
	}

	double retried(String target) {
		Counter counter = this.meters.find("tradecloud.deliveries")
			.tags("target", target, "outcome", "retried")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void aLargeOrderEventIsWrittenByteForByte() throws Exception {
		JsonNode event = this.json.readTree(TestConnector.read(Path.of("src/test/resources/samples/order-event.json")));
		com.fasterxml.jackson.databind.node.ArrayNode lines = (com.fasterxml.jackson.databind.node.ArrayNode) event
			.at("/orderEvent/lines");
		JsonNode template = lines.get(0);
		for (int i = 0; i < 600; i++) {
			lines.add(template.deepCopy());
		}
		byte[] body = TestConnector.asNewEvent(event.toPrettyString().getBytes(StandardCharsets.UTF_8));
		assertThat(body.length).isGreaterThan(512 * 1024);

		assertThat(connector.post(this.port, body, "application/json").statusCode()).isEqualTo(202);

		assertThat(connector.awaitOrderFiles(1)).singleElement()
			.satisfies((file) -> assertThat(Files.readAllBytes(file)).isEqualTo(body));
		assertThat(((TextMessage) connector.receive("tradecloud.orders")).getText().getBytes(StandardCharsets.UTF_8))
			.isEqualTo(body);
	}

	@Test
	void onlyTheChangedShipmentDocumentIsDownloaded() throws Exception {
		String id = UUID.randomUUID().toString();
		String changed = UUID.randomUUID().toString();
		String unchanged = UUID.randomUUID().toString();
		simulator.addDocument(changed, "packing-list-" + id + ".pdf", "application/pdf", "packing list".getBytes());
		simulator.addDocument(unchanged, "invoice-" + id + ".pdf", "application/pdf", "invoice".getBytes());
		String event = shipment("shipment-event.json", id, "ShipmentReissuedBySupplier")
			.replace(TradecloudSimulator.SAMPLE_PACKING_LIST_OBJECT_ID, changed)
			.replace(TradecloudSimulator.SAMPLE_INVOICE_OBJECT_ID, unchanged);

		NotifyBuilder downloaded = TestConnector.whenRouteDone(this.camel, "documents-download",
				header("tradecloudMessageId").isEqualTo(id));
		sendAndAwaitSplit("POST", "/webhooks/tradecloud", event, "application/json", id);
		assertThat(downloaded.matches(60, TimeUnit.SECONDS)).as("documents-download done").isTrue();

		Path documents = connector.outputDir().resolve("documents");
		JsonNode sidecar = this.json.readTree(documents.resolve("packing-list-" + id + ".pdf.json").toFile());
		assertThat(sidecar.at("/document/code").asText()).isEqualTo("PL-1");
		assertThat(sidecar.at("/event/shipmentId").asText()).isEqualTo(SHIPMENT_ID);
		assertThat(sidecar.at("/event/shipmentNumber").asText()).isEqualTo("SN-2001");
		assertThat(documents.resolve("invoice-" + id + ".pdf")).doesNotExist();
		assertThat(simulator.requests("GET", "/v2/object-storage/document/" + unchanged)).isZero();
		lineMessages(2);
	}

	@Test
	void aResendSendsEveryLine() throws Exception {
		String id = UUID.randomUUID().toString();
		sendAndAwaitSplit("POST", "/webhooks/tradecloud", shipment("shipment-event.json", id, "ShipmentResentByBuyer"),
				"application/json", id);
		assertThat(lineFiles()).hasSize(4);
		lineMessages(4);
	}

	@Test
	void getWebhooksForAShipmentFetchItWholeAndSendEveryLine() throws Exception {
		com.fasterxml.jackson.databind.node.ObjectNode shipment = (com.fasterxml.jackson.databind.node.ObjectNode) this.json
			.readTree(TestConnector.read(Path.of("src/test/resources/samples/shipment-event.json")))
			.path("shipment");
		for (String path : List.of("/webhooks/tradecloud/shipments/" + SHIPMENT_ID,
				"/webhooks/tradecloud?shipmentId=" + SHIPMENT_ID)) {
			// the shipment changed since the last GET webhook: fetched, it is a new event
			shipment.put("processStatusReason", path);
			simulator.putShipment(SHIPMENT_ID, shipment.toString());
			HttpResponse<String> answer = sendAndAwaitSplit("GET", path, null, null, null);
			assertThat(this.json.readTree(answer.body()).path("eventName").asText()).isEqualTo("ShipmentFetched");
			assertThat(lineFiles()).as(path).hasSize(4);
			assertThat(lineMessages(4))
				.allSatisfy((message) -> assertThat(message.getBooleanProperty("tradecloudAllLines")).isTrue());
			for (Path file : TestConnector.filesIn(shipments())) {
				Files.delete(file);
			}
		}
		// unchanged since the last GET webhook: the same body, a duplicate
		HttpResponse<String> again = connector.send(this.port, "GET", "/webhooks/tradecloud?shipmentId=" + SHIPMENT_ID,
				null, null, basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");
		connector.assertNoMoreOn(LINES_QUEUE);
	}

	@Test
	void getWebhooksForAnOrderFetchItWholeAndRouteItAsAnOrderMarkedAllLines() throws Exception {
		String orderId = UUID.randomUUID().toString();
		for (String path : List.of("/webhooks/tradecloud/orders/" + orderId,
				"/webhooks/tradecloud?orderId=" + orderId)) {
			// the order changed since the last GET webhook (its version): a new event
			simulator.putOrder(orderId, "{\"id\":\"" + orderId + "\",\"version\":\"" + path
					+ "\",\"buyerOrder\":{\"purchaseOrderNumber\":\"PO-GET-1\"},\"lines\":[{\"id\":\"l1\"},{\"id\":\"l2\"}]}");
			HttpResponse<String> answer = connector.send(this.port, "GET", path, null, null,
					basic(TestConnector.USER, TestConnector.PASSWORD));
			assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(202);
			Message message = connector.receive("tradecloud.orders");
			assertThat(message.getStringProperty("tradecloudEventName")).isEqualTo("OrderFetched");
			assertThat(message.getStringProperty("tradecloudOrderId")).isEqualTo(orderId);
			assertThat(message.getStringProperty("tradecloudPurchaseOrderNumber")).isEqualTo("PO-GET-1");
			assertThat(message.getBooleanProperty("tradecloudAllLines")).isTrue();
			JsonNode body = this.json.readTree(((TextMessage) message).getText());
			assertThat(body.path("allLines").asBoolean()).isTrue();
			assertThat(body.at("/orderEvent/lines").size()).isEqualTo(2);
		}
		assertThat(connector.awaitOrderFiles(2)).hasSize(2)
			.allSatisfy((file) -> assertThat(file.getFileName().toString()).contains("PO-GET-1_OrderFetched"));
	}

	@Test
	void getWebhooksNeedCredentialsLikeThePosts() {
		HttpResponse<String> answer = connector.send(this.port, "GET", "/webhooks/tradecloud/orders/any", null, null,
				null);
		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(simulator.requests("GET", "/v2/order/any")).isZero();
	}

	@Test
	void anUnknownOrderIs404AndTheApiDownIs503() throws Exception {
		String auth = basic(TestConnector.USER, TestConnector.PASSWORD);
		HttpResponse<String> unknown = connector.send(this.port, "GET", "/webhooks/tradecloud/orders/no-such-order",
				null, null, auth);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(unknown.body()).path("error").asText()).isEqualTo("not_found");

		simulator.failNext("GET", "/v2/shipment/", 503, 1);
		HttpResponse<String> down = connector.send(this.port, "GET", "/webhooks/tradecloud?shipmentId=any", null, null,
				auth);
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(this.json.readTree(down.body()).path("error").asText()).isEqualTo("tradecloud_unavailable");
		assertThat(connector.orderFiles()).isEmpty();
	}

	@Test
	void theLegacyApiV1GetWebhookFetchesTheOrderWithBasicAuthentication() throws Exception {
		String orderId = UUID.randomUUID().toString();
		simulator.putLegacyOrder(orderId, "{\"orderId\":\"" + orderId
				+ "\",\"buyerOrder\":{\"purchaseOrderNumber\":\"PO-V1-1\"},\"orderLines\":[{\"position\":1}]}");
		HttpResponse<String> answer = connector.send(this.port, "GET", "/webhooks/tradecloud/v1/orders/" + orderId,
				null, null, basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		Message message = connector.receive("tradecloud.orders");
		assertThat(message.getStringProperty("tradecloudEventName")).isEqualTo("OrderFetchedFromApiV1");
		assertThat(message.getStringProperty("tradecloudPurchaseOrderNumber")).isEqualTo("PO-V1-1");
		assertThat(simulator.requests("GET", "/api/v1/purchaseOrder/" + orderId)).isEqualTo(1);
		assertThat(simulator.requests("GET", "/v2/authentication")).as("v1 knows no tokens").isZero();
	}

	@Test
	void singleDeliveryLinesWithoutAPositionYetAreRouted() throws Exception {
		JsonNode event = this.json
			.readTree(TestConnector.read(Path.of("src/test/resources/samples/single-delivery-order-event.json")));
		for (JsonNode line : event.at("/singleDeliveryOrderEvent/lines")) {
			((com.fasterxml.jackson.databind.node.ObjectNode) line.path("buyerLine")).remove("position");
		}
		HttpResponse<String> answer = connector.post(this.port,
				TestConnector.asNewEvent(event.toString().getBytes(StandardCharsets.UTF_8)), "application/json");
		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(connector.awaitOrderFiles(1)).hasSize(1);
	}

}
