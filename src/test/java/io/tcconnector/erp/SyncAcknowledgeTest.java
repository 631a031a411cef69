package io.tcconnector.erp;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.delivery.DeduplicationRepository;
import io.tcconnector.simulator.ErpDelivery;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledge mode sync with the ERP target behind OAuth2 client credentials (the
 * simulator's stand-in ERP and token endpoint): Tradecloud gets 200 only once the folder,
 * the queue and the ERP have the event; the ERP down is answered 502, the ERP too slow
 * 504, both retried by Tradecloud, and the retry is delivered once, under the name of the
 * first arrival; an ERP refusal is answered 500, which Tradecloud does not retry; a copy
 * arriving while the first is still being taken (held at the ERP) is answered 503, and
 * once the first has failed Tradecloud's retry takes it.
 */
@ConnectorTest({ "tradecloud.webhook.acknowledge=sync", "tradecloud.erp.request-timeout=4s",
		"tradecloud.erp.oauth2.client-id=connector",
		"tradecloud.erp.oauth2.client-secret=" + SyncAcknowledgeTest.SECRET,
		"tradecloud.erp.oauth2.scope=api://erp/.default" })
class SyncAcknowledgeTest {

	/** A client secret with characters that need encoding in a form. */
	static final String SECRET = "s3cr~t+/=&%";

	static final TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests());

	@Autowired
	TestConnector connector;

	static final byte[] ORDER = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));

	final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("webhookDeduplication")
	DeduplicationRepository deduplication;

	@DynamicPropertySource
	static void connectorProperties(DynamicPropertyRegistry registry) {
		TestConnector.useSimulator(registry, simulator);
		registry.add("tradecloud.erp.oauth2.token-uri", simulator::erpTokenUrl);
	}

	@BeforeAll
	static void erpNeedsAToken() {
		simulator.expectErpOAuth2("connector", SECRET, Duration.ofMinutes(5));
	}

	@AfterAll
	static void stopSimulator() {
		simulator.close();
	}

	@BeforeEach
	void reset() {
		connector.reset("tradecloud.orders");
		simulator.clearErpDeliveries();
		simulator.setErpAvailable(true);
		simulator.setErpDelay(Duration.ZERO);
		simulator.clearErpRejections();
		simulator.resetCounters();
	}

	HttpResponse<String> post(byte[] body) {
		return connector.post(this.port, body, "application/json");
	}

	@Test
	void tradecloudGets200OnlyOnceTheFolderTheQueueAndTheErpHaveTheEvent() throws Exception {
		byte[] first = TestConnector.asNewEvent(ORDER);
		byte[] second = TestConnector.asNewEvent(ORDER);

		HttpResponse<String> answer = post(first);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(this.json.readTree(answer.body()).path("status").asText()).isEqualTo("delivered");
		// no waiting: everything is there when the answer is
		assertThat(connector.orderFiles()).singleElement()
			.satisfies((file) -> assertThat(Files.readAllBytes(file)).isEqualTo(first));
		assertThat(((TextMessage) connector.receive("tradecloud.orders")).getText())
			.isEqualTo(new String(first, StandardCharsets.UTF_8));
		assertThat(simulator.erpAccepted()).singleElement().satisfies((delivery) -> {
			assertThat(delivery.body()).isEqualTo(first);
			assertThat(delivery.authorization()).startsWith("Bearer ");
		});

		assertThat(post(second).statusCode()).isEqualTo(200);
		assertThat(simulator.erpAccepted()).hasSize(2);
		assertThat(simulator.erpTokensIssued()).as("the token is kept for the next event").isLessThanOrEqualTo(1);
	}

	@Test
	void aShipmentIsInItsFolderOnItsQueueAndAtTheErpsShipmentsUrlWhenTradecloudGets200() throws Exception {
		byte[] shipment = TestConnector
			.asNewEvent(TestConnector.read(Path.of("src/test/resources/samples/shipment-header-updated.json")));

		HttpResponse<String> answer = post(shipment);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		// no waiting: everything is there when the answer is
		assertThat(TestConnector.filesIn(connector.outputDir().resolve("shipments"))).singleElement()
			.satisfies((file) -> assertThat(Files.readAllBytes(file)).isEqualTo(shipment));
		assertThat(((TextMessage) connector.receive("tradecloud.shipments")).getText())
			.isEqualTo(new String(shipment, StandardCharsets.UTF_8));
		assertThat(simulator.erpAccepted()).singleElement().satisfies((delivery) -> {
			assertThat(delivery.path()).isEqualTo("/erp/shipments");
			assertThat(delivery.body()).isEqualTo(shipment);
			assertThat(delivery.shipmentNumber()).isEqualTo("SN-3001");
		});
	}

	@Test
	void theDocumentsOfAnOrderAnsweredInSyncModeAreFetchedFromTheEventAsReceived() throws Exception {
		byte[] order = new String(
				TestConnector.asNewEvent(
						TestConnector.read(Path.of("src/test/resources/samples/order-issued-with-documents.json"))),
				StandardCharsets.UTF_8)
			.replace("http://127.0.0.1:18080", simulator.baseUrl())
			.getBytes(StandardCharsets.UTF_8);

		assertThat(post(order).statusCode()).isEqualTo(200);

		// the event read for its documents is handed on whole to the document download
		Path documents = connector.outputDir().resolve("documents");
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> Files.exists(documents.resolve("surface-treatment-spec.pdf.json"))
					&& Files.exists(documents.resolve("drawing-bracket-DRW-4711.pdf.json"))
					&& Files.exists(documents.resolve("purchase-specification-SPEC-2001.pdf.json")));
		assertThat(documents.resolve("drawing-bracket-DRW-4711.pdf")).isNotEmptyFile();
	}

	@Test
	void theErpDownIsAnswered502AndTradecloudsRetryIsDeliveredOnceUnderTheFirstArrivalsName() throws Exception {
		byte[] event = TestConnector.asNewEvent(ORDER);
		simulator.setErpAvailable(false);

		HttpResponse<String> down = post(event);

		assertThat(down.statusCode()).isEqualTo(502);
		assertThat(this.json.readTree(down.body()).path("error").asText()).isEqualTo("erp_unavailable");
		connector.assertNoMoreOn("tradecloud.orders"); // the queue message went with the
														// failure
		List<Path> firstTry = connector.orderFiles();

		simulator.setErpAvailable(true);
		HttpResponse<String> retry = post(event);

		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(connector.orderFiles()).hasSize(1).isEqualTo(firstTry);
		assertThat(connector.receive("tradecloud.orders")).isNotNull();
		connector.assertNoMoreOn("tradecloud.orders");
		assertThat(simulator.erpAccepted()).hasSize(1);
		JsonNode duplicate = this.json.readTree(post(event).body());
		assertThat(duplicate.path("status").asText()).isEqualTo("duplicate");
	}

	@Test
	void anErpThatDoesNotAnswerInTimeIsAnswered504() throws Exception {
		simulator.setErpDelay(Duration.ofSeconds(30));
		byte[] event = TestConnector.asNewEvent(ORDER);

		HttpResponse<String> slow = post(event);

		assertThat(slow.statusCode()).isEqualTo(504);
		assertThat(this.json.readTree(slow.body()).path("error").asText()).isEqualTo("erp_timeout");
		simulator.setErpDelay(Duration.ZERO);
		assertThat(post(event).statusCode()).isEqualTo(200);
	}

	@Test
	void anErpRefusalIsAnswered500WhichTradecloudDoesNotRetry() throws Exception {
		byte[] event = new String(TestConnector.asNewEvent(ORDER), StandardCharsets.UTF_8).replace("PO-1001", "PO-BAD")
			.getBytes(StandardCharsets.UTF_8);
		simulator.rejectErpPurchaseOrder("PO-BAD", 400);

		HttpResponse<String> refused = post(event);

		assertThat(refused.statusCode()).isEqualTo(500);
		JsonNode error = this.json.readTree(refused.body());
		assertThat(error.path("error").asText()).isEqualTo("erp_refused");
		assertThat(error.path("detail").asText()).contains("400");
		assertThat(refused.body()).doesNotContain(SECRET).doesNotContain("Exception");
		connector.assertNoMoreOn("tradecloud.orders");
	}

	@Test
	void aRevokedTokenIsAnswered502AndTheRetryFetchesANewOne() throws Exception {
		assertThat(post(TestConnector.asNewEvent(ORDER)).statusCode()).isEqualTo(200);
		int issued = simulator.erpTokensIssued();
		simulator.expireErpTokens();
		byte[] event = TestConnector.asNewEvent(ORDER);

		HttpResponse<String> refused = post(event);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
		HttpResponse<String> retry = post(event);
		assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
		assertThat(simulator.erpTokensIssued()).isEqualTo(issued + 1);
	}

	@Test
	void aCopyArrivingWhileTheFirstIsStillTakenIsAnswered503SoTradecloudTriesAgain() throws Exception {
		String messageId = UUID.randomUUID().toString();
		byte[] event = TestConnector.withMessageId(ORDER, messageId);
		// the first arrival is held at the ERP, longer than the connector waits for it
		simulator.setErpDelay(Duration.ofSeconds(30));
		CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> post(event));
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> simulator.requests("POST", "/erp/order-events") >= 1);

		HttpResponse<String> copy = post(event);

		assertThat(copy.statusCode()).as(copy.body()).isEqualTo(503);
		assertThat(this.json.readTree(copy.body()).path("error").asText()).isEqualTo("in_progress");
		assertThat(first).as("the first is still held at the ERP").isNotDone();
		assertThat(this.deduplication.state(messageId)).as("the copy neither took nor released it")
			.isEqualTo(DeduplicationRepository.State.IN_PROGRESS);

		// the first fails (the ERP too slow): the key is released, Tradecloud's retry
		// takes it
		assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(504);
		simulator.setErpDelay(Duration.ZERO);
		HttpResponse<String> retry = post(event);
		assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
		assertThat(connector.receive("tradecloud.orders").getStringProperty("tradecloudMessageId"))
			.isEqualTo(messageId);
		// the held delivery may still land late: the ERP tells the two apart by the key
		assertThat(simulator.erpAccepted()).isNotEmpty()
			.extracting(ErpDelivery::idempotencyKey)
			.containsOnly(messageId);
		assertThat(connector.orderFiles()).hasSize(1);
	}

}
