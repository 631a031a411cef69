package io.tcconnector.delivery;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.simulator.ErpDelivery;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

import static io.tcconnector.support.TestConnector.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledge mode async with the ERP target, against the simulator's stand-in ERP: a
 * copy of an event reaches no target twice (a copy arriving while the first is still
 * being taken: {@link io.tcconnector.erp.SyncAcknowledgeTest}, where the first can be
 * held); the ERP gets each order event exactly as received with its event name, message
 * id and idempotency key; an ERP outage loses nothing and keeps each order's events in
 * order while the folder and the queue are not held back; an event the ERP refuses goes
 * to the dead-letter queue with the reason, and an operator lists it and replays it once
 * the ERP takes it.
 */
@ConnectorTest
class DeliveryGuaranteesTest {

	@Autowired
	TestConnector connector;

	static final TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests());

	@DynamicPropertySource
	static void ownSimulator(DynamicPropertyRegistry registry) {
		TestConnector.useSimulator(registry, simulator);
	}

	static final byte[] ORDER = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));

	static final String SAMPLE_ORDER_ID = "a50a3876-e620-5956-a64c-571fd8658434";

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
		connector.reset("tradecloud.orders", "tradecloud.dead-letters");
		simulator.clearErpDeliveries();
		simulator.setErpAvailable(true);
		simulator.clearErpRejections();
	}

	/** A new event of an order, as Tradecloud sends it. */
	static byte[] event(String orderId, String messageId) {
		return new String(TestConnector.withMessageId(ORDER, messageId), StandardCharsets.UTF_8)
			.replace(SAMPLE_ORDER_ID, orderId)
			.getBytes(StandardCharsets.UTF_8);
	}

	HttpResponse<String> post(byte[] body) {
		return connector.post(this.port, body, "application/json");
	}

	List<ErpDelivery> awaitErpAccepted(int count) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(simulator::erpAccepted, (accepted) -> accepted.size() >= count);
	}

	@Test
	void aCopyOfAnEventIsAnswered200AsADuplicateAndReachesNoTargetTwice() throws Exception {
		String messageId = UUID.randomUUID().toString();
		byte[] event = event("order-copy", messageId);

		HttpResponse<String> first = post(event);
		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(this.json.readTree(first.body()).path("status").asText()).isEqualTo("accepted");
		HttpResponse<String> copyAtOnce = post(event);
		awaitErpAccepted(1);
		connector.awaitOrderFiles(1);
		HttpResponse<String> copyLater = post(event);

		for (HttpResponse<String> copy : List.of(copyAtOnce, copyLater)) {
			assertThat(copy.statusCode()).isEqualTo(200);
			JsonNode answer = this.json.readTree(copy.body());
			assertThat(answer.path("status").asText()).isEqualTo("duplicate");
			assertThat(answer.path("messageId").asText()).isEqualTo(messageId);
		}
		assertThat(connector.receive("tradecloud.orders").getStringProperty("tradecloudMessageId"))
			.isEqualTo(messageId);
		connector.assertNoMoreOn("tradecloud.orders");
		assertThat(connector.orderFiles()).hasSize(1);
		assertThat(simulator.erpDeliveries()).hasSize(1);
	}

	@Test
	void theErpGetsEachOrderEventExactlyAsReceivedWithItsIdsInHeadersAndNoneOfTradecloudsCredentials()
			throws Exception {
		String messageId = UUID.randomUUID().toString();
		byte[] json = event("order-headers", messageId);
		byte[] xml = TestConnector
			.asNewEvent(TestConnector.read(Path.of("src/test/resources/samples/order-event.xml")));

		assertThat(post(json).statusCode()).isEqualTo(202);
		assertThat(connector.post(this.port, xml, "application/xml").statusCode()).isEqualTo(202);

		List<ErpDelivery> received = awaitErpAccepted(2);
		ErpDelivery fromJson = received.stream()
			.filter((d) -> d.messageId().equals(messageId))
			.findFirst()
			.orElseThrow();
		assertThat(fromJson.body()).isEqualTo(json);
		assertThat(fromJson.contentType()).startsWith("application/json");
		assertThat(fromJson.eventName()).isEqualTo("OrderLinesConfirmedBySupplier");
		assertThat(fromJson.idempotencyKey()).isEqualTo(messageId);
		assertThat(fromJson.orderId()).isEqualTo("order-headers");
		assertThat(fromJson.purchaseOrderNumber()).isEqualTo("PO-1001");
		assertThat(fromJson.authorization()).as("Tradecloud's credentials stay with the connector").isNull();
		assertThat(fromJson.headers().keySet()).filteredOn((name) -> name.startsWith("tradecloud"))
			.containsExactlyInAnyOrder("tradecloud-event-name", "tradecloud-message-id", "tradecloud-order-id",
					"tradecloud-purchase-order-number");
		assertThat(fromJson.headers().keySet()).noneMatch((name) -> name.startsWith("jms") || name.startsWith("camel")
				|| name.startsWith("_amq") || name.equals("authorization"));
		ErpDelivery fromXml = received.stream()
			.filter((d) -> !d.messageId().equals(messageId))
			.findFirst()
			.orElseThrow();
		assertThat(fromXml.body()).isEqualTo(xml);
		assertThat(fromXml.contentType()).startsWith("application/xml");
	}

	@Test
	void anErpOutageLosesNothingKeepsEachOrdersEventsInOrderAndHoldsBackNoOtherTarget() throws Exception {
		simulator.setErpAvailable(false);
		List<String> sent = new ArrayList<>();
		for (int sequence = 0; sequence < 5; sequence++) {
			for (String order : List.of("outage-a", "outage-b", "outage-c")) {
				String messageId = order + "-" + sequence + "-" + UUID.randomUUID();
				assertThat(post(event(order, messageId)).statusCode()).isEqualTo(202);
				sent.add(messageId);
			}
		}
		// the folder and the queue have every event while the ERP is down
		assertThat(connector.awaitOrderFiles(15)).hasSize(15);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> simulator.erpDeliveries().stream().filter((d) -> d.status() == 503).count() >= 9);
		assertThat(simulator.erpAccepted()).isEmpty();

		simulator.setErpAvailable(true);

		List<ErpDelivery> accepted = awaitErpAccepted(15);
		assertThat(accepted).extracting(ErpDelivery::messageId).containsExactlyInAnyOrderElementsOf(sent);
		Map<String, List<String>> byOrder = accepted.stream()
			.collect(Collectors.groupingBy(ErpDelivery::orderId,
					Collectors.mapping(ErpDelivery::messageId, Collectors.toList())));
		byOrder.forEach((order, messageIds) -> assertThat(messageIds).as(order)
			.containsExactlyElementsOf(sent.stream().filter((id) -> id.startsWith(order)).toList()));
		connector.assertNoMoreOn("tradecloud.dead-letters");
	}

	@Test
	void anEventTheErpRefusesGoesToTheDeadLettersWithTheReasonAndIsReplayedByAnOperator() throws Exception {
		String refused = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		byte[] refusedEvent = new String(event("order-refused", refused), StandardCharsets.UTF_8)
			.replace("PO-1001", "PO-REFUSED")
			.getBytes(StandardCharsets.UTF_8);
		simulator.rejectErpPurchaseOrder("PO-REFUSED", 422);

		assertThat(post(refusedEvent).statusCode()).isEqualTo(202);
		assertThat(post(event("order-other", other)).statusCode()).isEqualTo(202);

		// the other order is not held back; the refused event is in the folder, and in
		// the
		// dead letters for the ERP only
		awaitErpAccepted(1);
		assertThat(simulator.erpAccepted()).extracting(ErpDelivery::messageId).containsExactly(other);
		assertThat(connector.awaitOrderFiles(2)).hasSize(2);
		JsonNode listing = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.json.readTree(admin("GET", "/admin/dead-letters").body()),
					(letters) -> letters.path("count").asInt() == 1);
		JsonNode letter = listing.path("deadLetters").get(0);
		assertThat(letter.path("reason").asText()).contains("422");
		assertThat(letter.path("failureType").asText()).isEqualTo("functional");
		assertThat(letter.path("failedRoute").asText()).isEqualTo("erp-deliver");
		assertThat(letter.path("replayTo").asText()).isEqualTo("tradecloud.pending.erp");
		assertThat(letter.at("/headers/tradecloudMessageId").asText()).isEqualTo(refused);
		assertThat(simulator.erpDeliveries()).filteredOn((d) -> d.messageId().equals(refused)).hasSize(1);

		simulator.clearErpRejections();
		HttpResponse<String> replay = admin("POST", "/admin/dead-letters/replay?id=" + letter.path("id").asText());

		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		assertThat(this.json.readTree(replay.body()).path("replayed").asInt()).isEqualTo(1);
		ErpDelivery delivered = awaitErpAccepted(2).get(1);
		assertThat(delivered.messageId()).isEqualTo(refused);
		assertThat(delivered.idempotencyKey()).isEqualTo(refused);
		assertThat(delivered.body()).isEqualTo(refusedEvent);
		assertThat(this.json.readTree(admin("GET", "/admin/dead-letters").body()).path("count").asInt()).isZero();
		assertThat(connector.orderFiles()).as("replaying the ERP's dead letter writes no file again").hasSize(2);
		assertThat(admin("POST", "/admin/dead-letters/replay?id=" + letter.path("id").asText()).statusCode())
			.as("replayed already")
			.isEqualTo(404);
	}

	@Test
	void theDeadLettersAreForTheOperatorOnly() throws Exception {
		HttpResponse<String> anonymous = connector.send(this.port, "GET", "/admin/dead-letters", null, null, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic"));
		HttpResponse<String> tradecloud = connector.send(this.port, "POST", "/admin/dead-letters/replay", null, null,
				basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(tradecloud.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(tradecloud.body()).path("error").asText()).isEqualTo("forbidden");
		HttpResponse<String> operatorAsWebhook = connector.send(this.port, "POST", "/webhooks/tradecloud",
				TestConnector.asNewEvent(ORDER), "application/json", OPERATOR);
		assertThat(operatorAsWebhook.statusCode()).as("the operator sends no webhooks").isEqualTo(403);
		assertThat(admin("GET", "/admin/dead-letters").statusCode()).isEqualTo(200);
	}

	HttpResponse<String> admin(String method, String path) {
		return connector.send(this.port, method, path, null, null, OPERATOR);
	}

}
