package io.tcconnector.ingress;

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
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.simulator.ErpDelivery;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

import static io.tcconnector.support.TestConnector.basic;
import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bodies shaped the way Tradecloud documents them, end to end over HTTPS against the
 * simulator and its stand-in ERP: the documents a new order carries are fetched (once),
 * every shipment event lands as received (also those that change no line), shipment
 * events reach the ERP through an outage and a refusal, and bodies under a former or an
 * unknown field name are taken, never refused.
 */
@ConnectorTest
@ExtendWith(OutputCaptureExtension.class)
class EveryEventLandsTest {

	static final TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests());

	@DynamicPropertySource
	static void ownSimulator(DynamicPropertyRegistry registry) {
		TestConnector.useSimulator(registry, simulator);
	}

	@Autowired
	TestConnector connector;

	static final Path SAMPLES = Path.of("src/test/resources/samples");

	static final String NEW_ORDER_ID = "b7c1e0a2-4d3f-4a55-9c1e-2f0a6b7c8d01";

	static final String HEADER_UPDATE_SHIPMENT_ID = "1f61e695-7545-5670-9384-58e8b1f263e6-SN-3001";

	static final String OPERATOR = basic("operator", "operator-password");

	final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	CamelContext camel;

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void emptyTargets() {
		connector.reset("tradecloud.orders", "tradecloud.shipments", "tradecloud.shipment-lines",
				"tradecloud.documents", "tradecloud.other", "tradecloud.dead-letters");
		simulator.clearErpDeliveries();
		simulator.setErpAvailable(true);
		simulator.clearErpRejections();
	}

	/**
	 * A sample with a message id of its own, its partner URLs pointing at this test's
	 * simulator.
	 */
	static byte[] sample(String file, String messageId) {
		String text = new String(TestConnector.read(SAMPLES.resolve(file)), StandardCharsets.UTF_8)
			.replace("http://127.0.0.1:18080", simulator.baseUrl());
		return TestConnector.withMessageId(text.getBytes(StandardCharsets.UTF_8), messageId);
	}

	Path folder(String name) {
		return connector.outputDir().resolve(name);
	}

	/** POSTs a body and waits until the route has finished with its event. */
	void postAndAwait(byte[] body, String contentType, String messageId, String routeId) {
		NotifyBuilder done = TestConnector.whenRouteDone(this.camel, routeId,
				header("tradecloudMessageId").isEqualTo(messageId));
		HttpResponse<String> answer = connector.post(this.port, body, contentType);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		assertThat(done.matches(60, TimeUnit.SECONDS)).as(routeId + " done").isTrue();
	}

	/**
	 * The messages of one event on a queue: waits for the expected number, then takes
	 * what else is there already (the route that sends them is done), up to a marker.
	 */
	List<TextMessage> messages(String queue, String messageId, int expected) throws Exception {
		List<TextMessage> found = new ArrayList<>();
		while (found.size() < expected) {
			Message message = connector.receive(queue);
			if (message == null) {
				break;
			}
			if (messageId.equals(message.getStringProperty("tradecloudMessageId"))) {
				found.add((TextMessage) message);
			}
		}
		for (Message message : connector.drain(queue)) {
			if (messageId.equals(message.getStringProperty("tradecloudMessageId"))) {
				found.add((TextMessage) message);
			}
		}
		return found;
	}

	static String shortId(String messageId) {
		return messageId.replaceAll("[^A-Za-z0-9]", "").substring(0, 8);
	}

	/** What the stand-in ERP took of the events sent by a test. */
	static List<ErpDelivery> erpAccepted(List<String> messageIds) {
		return simulator.erpAccepted().stream().filter((d) -> messageIds.contains(d.messageId())).toList();
	}

	List<Path> filesWith(String folder, String part) {
		return TestConnector.filesIn(folder(folder))
			.stream()
			.filter((file) -> file.getFileName().toString().contains(part))
			.toList();
	}

	@Test
	void theDocumentsOfANewOrderAreFetchedOnceAndTheLogSaysWhyNotAgain(CapturedOutput output) throws Exception {
		String messageId = UUID.randomUUID().toString();
		int metadataBefore = simulator.requests("GET", "/v2/object-storage");
		postAndAwait(sample("order-issued-with-documents.json", messageId), "application/json", messageId,
				"documents-download");

		// the order event itself, at once
		assertThat(filesWith("orders", "PO-2001_OrderIssuedByBuyer")).hasSize(1);
		// its documents, from the header and from the lines: two in object storage, one
		// on the partner's server, one without a file
		Path documents = folder("documents");
		for (String file : List.of("purchase-specification-SPEC-2001.pdf", "drawing-bracket-DRW-4711.pdf",
				"surface-treatment-spec.pdf")) {
			assertThat(documents.resolve(file)).as(file).exists();
			JsonNode sidecar = this.json.readTree(documents.resolve(file + ".json").toFile());
			assertThat(sidecar.at("/event/messageId").asText()).isEqualTo(messageId);
			assertThat(sidecar.at("/event/purchaseOrderNumber").asText()).isEqualTo("PO-2001");
		}
		assertThat(Files.readAllBytes(documents.resolve("drawing-bracket-DRW-4711.pdf")))
			.startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
		List<TextMessage> announced = messages("tradecloud.documents", messageId, 3);
		assertThat(announced).extracting((m) -> m.getStringProperty("tradecloudDocumentCode"))
			.containsExactlyInAnyOrder("SPEC-2001", "DRW-4711", "SPEC-ST-9");
		assertThat(output.getOut()).contains("document NOTE-88 rev 1")
			.contains("has neither objectId nor url: nothing to fetch");

		// Tradecloud sends the order again (updated): nothing is fetched twice, and the
		// log says why, with the event that referred to the document
		int objectStorageAfterFirst = simulator.requests("GET", "/v2/object-storage");
		int partnerAfterFirst = simulator.requests("GET", "/content/surface-treatment-spec.pdf");
		assertThat(objectStorageAfterFirst - metadataBefore).isEqualTo(2);
		String again = UUID.randomUUID().toString();
		postAndAwait(sample("order-issued-with-documents.json", again), "application/json", again,
				"documents-download");
		assertThat(simulator.requests("GET", "/v2/object-storage")).isEqualTo(objectStorageAfterFirst);
		assertThat(simulator.requests("GET", "/content/surface-treatment-spec.pdf")).isEqualTo(partnerAfterFirst);
		assertThat(messages("tradecloud.documents", again, 0)).isEmpty();
		assertThat(output.getOut())
			.contains("document DRW-4711 rev C (objectId:7b1c2d3e-0002-4e1e-8110-8d7a507b18f4)"
					+ " of order PO-2001 event OrderIssuedByBuyer message " + again + " was downloaded before")
			.contains("document SPEC-ST-9 rev 2 (url:" + simulator.baseUrl() + "/content/surface-treatment-spec.pdf");
		assertThat(filesWith("orders", "PO-2001_OrderIssuedByBuyer")).hasSize(2);
	}

	@Test
	void theGetWebhookOfAnOrderFetchesTheDocumentsTheOrderCarries() throws Exception {
		String objectId = "7b1c2d3e-0003-4e1e-8110-8d7a507b18f4";
		simulator.addDocument(objectId, "fetched-order-drawing.pdf", "application/pdf",
				"%PDF-1.4 fetched order drawing".getBytes(StandardCharsets.US_ASCII));
		JsonNode event = this.json.readTree(sample("order-issued-with-documents.json", "unused"));
		com.fasterxml.jackson.databind.node.ObjectNode order = (com.fasterxml.jackson.databind.node.ObjectNode) event
			.path("orderEvent");
		String orderId = "get-webhook-order-" + UUID.randomUUID();
		order.put("id", orderId).remove("orderId");
		// one document, on a line, that no other test fetches
		for (JsonNode line : order.path("lines")) {
			((com.fasterxml.jackson.databind.node.ObjectNode) line.path("buyerLine")).remove("documents");
		}
		((com.fasterxml.jackson.databind.node.ObjectNode) order.path("buyerOrder")).remove("documents");
		((com.fasterxml.jackson.databind.node.ObjectNode) order.at("/lines/1/buyerLine")).putArray("documents")
			.addObject()
			.put("code", "DRW-GET-1")
			.put("revision", "A")
			.put("objectId", objectId);
		simulator.putOrder(orderId, order.toString());

		NotifyBuilder done = TestConnector.whenRouteDone(this.camel, "documents-download",
				header("tradecloudOrderId").isEqualTo(orderId));
		HttpResponse<String> answer = connector.send(this.port, "GET", "/webhooks/tradecloud/orders/" + orderId, null,
				null, basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();
		Path drawing = folder("documents").resolve("fetched-order-drawing.pdf");
		assertThat(drawing).hasContent("%PDF-1.4 fetched order drawing");
		assertThat(this.json.readTree(folder("documents").resolve("fetched-order-drawing.pdf.json").toFile())
			.at("/event/eventName")
			.asText()).isEqualTo("OrderFetched");
	}

	@Test
	void aShipmentEventThatChangesNoLineLandsAsReceivedWithNoLine() throws Exception {
		for (String file : List.of("shipment-header-updated.json", "shipment-approved.json",
				"shipment-header-updated.xml")) {
			String messageId = UUID.randomUUID().toString();
			byte[] body = sample(file, messageId);
			int linesBefore = TestConnector.filesIn(folder("shipment-lines")).size();
			postAndAwait(body, TestConnector.contentTypeOf(Path.of(file)), messageId, "events-deliver");

			List<Path> landed = filesWith("shipments", shortId(messageId));
			assertThat(landed).as(file).hasSize(1);
			assertThat(landed.get(0).getFileName().toString()).contains("_SN-3001_")
				.endsWith(file.substring(file.lastIndexOf('.')));
			assertThat(Files.readAllBytes(landed.get(0))).as("exactly as received").isEqualTo(body);
			List<TextMessage> queued = messages("tradecloud.shipments", messageId, 1);
			assertThat(queued).hasSize(1);
			assertThat(queued.get(0).getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
			assertThat(queued.get(0).getStringProperty("tradecloudShipmentId")).isEqualTo(HEADER_UPDATE_SHIPMENT_ID);
			assertThat(queued.get(0).getStringProperty("tradecloudShipmentNumber")).isEqualTo("SN-3001");
			// the events-deliver route is done with it: had it changed a line, the line
			// would be there by now
			assertThat(TestConnector.filesIn(folder("shipment-lines"))).hasSize(linesBefore);
			assertThat(messages("tradecloud.shipment-lines", messageId, 0)).isEmpty();
		}
	}

	@Test
	void eachShipmentLineCarriesTheShipmentsHeaderAndLoadCarrierSoThatItBooksAlone() throws Exception {
		String messageId = UUID.randomUUID().toString();
		postAndAwait(sample("shipment-event.json", messageId), "application/json", messageId, "events-deliver");

		assertThat(filesWith("shipments", "SN-2001")).isNotEmpty();
		List<JsonNode> lines = new ArrayList<>();
		for (TextMessage message : messages("tradecloud.shipment-lines", messageId, 2)) {
			lines.add(this.json.readTree(message.getText()));
		}
		assertThat(lines).hasSize(2);
		for (JsonNode line : lines) {
			assertThat(line.at("/shipment/identifiers/billOfLadingNumber").asText()).isEqualTo("BOL-77");
			assertThat(line.at("/shipment/supplierShipment/shipmentNumber").asText()).isEqualTo("SN-2001");
			assertThat(line.at("/shipment/processStatus").asText()).isNotBlank();
			assertThat(line.at("/shipment/locations/departure").isObject()).isTrue();
			assertThat(line.at("/shipment/lines").isMissingNode()).as("no other line inside").isTrue();
			assertThat(line.at("/shipment/loadCarriers").isMissingNode()).isTrue();
			assertThat(line.path("messageId").asText()).isEqualTo(messageId);
		}
		assertThat(lines).anySatisfy(
				(line) -> assertThat(line.at("/loadCarrier/containerNumber").asText()).isEqualTo("MSKU1234565"));
		List<Path> lineFiles = TestConnector.filesIn(folder("shipment-lines"));
		assertThat(lineFiles).isNotEmpty();
		assertThat(Files.readString(lineFiles.get(lineFiles.size() - 1))).contains("\"billOfLadingNumber\":\"BOL-77\"");
	}

	@Test
	void shipmentEventsReachTheErpAsReceivedThroughAnOutageInOrderPerShipmentOnce() throws Exception {
		simulator.setErpAvailable(false);
		List<String> sent = new ArrayList<>();
		Map<String, byte[]> bodies = new java.util.HashMap<>();
		for (int sequence = 0; sequence < 3; sequence++) {
			for (String shipment : List.of("SN-3001", "SN-3002")) {
				String messageId = shipment + "-" + sequence + "-" + UUID.randomUUID();
				byte[] body = new String(sample("shipment-header-updated.json", messageId), StandardCharsets.UTF_8)
					.replace("SN-3001", shipment)
					.getBytes(StandardCharsets.UTF_8);
				assertThat(connector.post(this.port, body, "application/json").statusCode()).isEqualTo(202);
				sent.add(messageId);
				bodies.put(messageId, body);
			}
		}
		// a copy Tradecloud sends again reaches the ERP once
		byte[] copy = bodies.get(sent.get(0));
		HttpResponse<String> duplicate = connector.post(this.port, copy, "application/json");
		assertThat(duplicate.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(duplicate.body()).path("status").asText()).isEqualTo("duplicate");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> simulator.erpDeliveries()
				.stream()
				.filter((d) -> d.status() == 503 && sent.contains(d.messageId()))
				.count() >= 4);
		// the folder has every event while the ERP is down
		await().atMost(Duration.ofSeconds(30))
			.until(() -> sent.stream().allMatch((id) -> filesWith("shipments", shortId(id)).size() == 1));
		assertThat(erpAccepted(sent)).isEmpty();

		simulator.setErpAvailable(true);

		List<ErpDelivery> accepted = await().atMost(Duration.ofSeconds(30))
			.until(() -> erpAccepted(sent), (all) -> all.size() >= 6);
		assertThat(accepted).extracting(ErpDelivery::messageId).containsExactlyInAnyOrderElementsOf(sent);
		assertThat(accepted).allSatisfy((delivery) -> {
			assertThat(delivery.path()).isEqualTo("/erp/shipments");
			assertThat(delivery.body()).isEqualTo(bodies.get(delivery.messageId()));
			assertThat(delivery.idempotencyKey()).isEqualTo(delivery.messageId());
			assertThat(delivery.eventName()).isEqualTo("ShipmentHeaderUpdatedBySupplier");
			assertThat(delivery.shipmentId()).endsWith("-" + delivery.shipmentNumber());
			assertThat(delivery.contentType()).startsWith("application/json");
			assertThat(delivery.orderId()).isNull();
		});
		Map<String, List<String>> byShipment = accepted.stream()
			.collect(Collectors.groupingBy(ErpDelivery::shipmentNumber,
					Collectors.mapping(ErpDelivery::messageId, Collectors.toList())));
		assertThat(byShipment).containsOnlyKeys("SN-3001", "SN-3002");
		byShipment.forEach((shipment, messageIds) -> assertThat(messageIds).as(shipment)
			.containsExactlyElementsOf(sent.stream().filter((id) -> id.startsWith(shipment)).toList()));
		connector.assertNoMoreOn("tradecloud.dead-letters");
	}

	@Test
	void aShipmentTheErpRefusesIsDeadLetteredAndReplayedByAnOperator() throws Exception {
		simulator.rejectErpShipment("SN-REFUSED", 422);
		String messageId = UUID.randomUUID().toString();
		byte[] body = new String(sample("shipment-approved.json", messageId), StandardCharsets.UTF_8)
			.replace("SN-3001", "SN-REFUSED")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(connector.post(this.port, body, "application/json").statusCode()).isEqualTo(202);

		JsonNode listing = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.json.readTree(admin("GET", "/admin/dead-letters").body()),
					(letters) -> letters.path("count").asInt() == 1);
		JsonNode letter = listing.path("deadLetters").get(0);
		assertThat(letter.path("reason").asText()).contains("422");
		assertThat(letter.path("failedRoute").asText()).isEqualTo("erp-deliver");
		assertThat(letter.at("/headers/tradecloudMessageId").asText()).isEqualTo(messageId);
		assertThat(filesWith("shipments", "SN-REFUSED")).as("the folder has it all the same").hasSize(1);

		simulator.clearErpRejections();
		HttpResponse<String> replay = admin("POST", "/admin/dead-letters/replay?id=" + letter.path("id").asText());
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		ErpDelivery delivered = await().atMost(Duration.ofSeconds(20))
			.until(() -> erpAccepted(List.of(messageId)), (all) -> !all.isEmpty())
			.get(0);
		assertThat(delivered.messageId()).isEqualTo(messageId);
		assertThat(delivered.shipmentNumber()).isEqualTo("SN-REFUSED");
		assertThat(delivered.body()).isEqualTo(body);
		assertThat(filesWith("shipments", "SN-REFUSED")).as("replaying the ERP's dead letter writes no file again")
			.hasSize(1);
	}

	@Test
	void aSingleDeliveryOrderEventUnderItsFormerNameIsTakenAndRoutedAsOne() throws Exception {
		for (String file : List.of("simple-order-event.json", "simple-order-event.xml")) {
			String messageId = UUID.randomUUID().toString();
			byte[] body = sample(file, messageId);
			postAndAwait(body, TestConnector.contentTypeOf(Path.of(file)), messageId, "events-deliver");
			List<Path> landed = filesWith("orders", "PO-2002_OrderLinesConfirmedBySupplier_" + shortId(messageId));
			assertThat(landed).as(file).hasSize(1);
			assertThat(Files.readAllBytes(landed.get(0))).isEqualTo(body);
			List<TextMessage> queued = messages("tradecloud.orders", messageId, 1);
			assertThat(queued).hasSize(1);
			assertThat(queued.get(0).getStringProperty("tradecloudKind")).isEqualTo("singleDeliveryOrderEvent");
			assertThat(queued.get(0).getStringProperty("tradecloudEventField")).isEqualTo("simpleOrderEvent");
			assertThat(queued.get(0).getStringProperty("tradecloudOrderId"))
				.isEqualTo("c3d4e5f6-1111-4a55-9c1e-2f0a6b7c8d02");
		}
	}

	@Test
	void aBodyOfAKindTheConnectorDoesNotKnowIsTakenAndKeptAsReceived(CapturedOutput output) throws Exception {
		List<String> sent = new ArrayList<>();
		for (String file : List.of("forecast-event.json", "forecast-event.xml")) {
			String messageId = UUID.randomUUID().toString();
			sent.add(messageId);
			byte[] body = sample(file, messageId);
			postAndAwait(body, TestConnector.contentTypeOf(Path.of(file)), messageId, "events-deliver");
			List<Path> landed = filesWith("other", shortId(messageId));
			assertThat(landed).as(file).hasSize(1);
			assertThat(landed.get(0).getFileName().toString()).contains("_ForecastIssuedByBuyer_");
			assertThat(Files.readAllBytes(landed.get(0))).isEqualTo(body);
			List<TextMessage> queued = messages("tradecloud.other", messageId, 1);
			assertThat(queued).hasSize(1);
			assertThat(queued.get(0).getText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
			assertThat(queued.get(0).getStringProperty("tradecloudKind")).isEqualTo("other");
			assertThat(output.getOut()).containsPattern("WARN .*event ForecastIssuedByBuyer message " + messageId
					+ " holds a kind the connector does not know \\(body field forecastEvent\\)");
		}
		for (String messageId : sent) {
			assertThat(messages("tradecloud.orders", messageId, 0)).isEmpty();
			assertThat(filesWith("orders", shortId(messageId))).isEmpty();
		}
		assertThat(simulator.erpDeliveries()).as("no ERP target takes an unknown kind")
			.noneMatch((d) -> sent.contains(d.messageId()));
	}

	HttpResponse<String> admin(String method, String path) {
		return connector.send(this.port, method, path, null, null, OPERATOR);
	}

}
