package io.tcconnector.delivery;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real targets failing for real, acknowledge mode sync: a broker that is down and an
 * orders folder that cannot be written are answered 503, so Tradecloud keeps the event
 * and retries; once the target is back, the retried event (the same message id) is
 * delivered, once, under the name of its first arrival.
 */
@ConnectorTest("tradecloud.webhook.acknowledge=sync")
class TargetOutageTest {

	@Autowired
	TestConnector connector;

	static final byte[] SAMPLE = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedActiveMQ broker;

	@BeforeEach
	void emptyTargets() {
		connector.reset("tradecloud.orders");
	}

	@Test
	void anUnwritableOrdersFolderIsAnswered503AndTheRetryIsDeliveredOnceItIsBack() throws Exception {
		Files.createDirectories(connector.outputDir());
		Files.deleteIfExists(connector.ordersFolder());
		Files.writeString(connector.ordersFolder(), "a file where the folder should be");
		byte[] order = TestConnector.asNewEvent(SAMPLE);

		HttpResponse<String> answer = connector.post(this.port, order, "application/json");

		assertThat(answer.statusCode()).isEqualTo(503);
		assertThat(answer.body()).contains("\"error\":\"target_unavailable\"");
		connector.assertNoMoreOn("tradecloud.orders");

		Files.delete(connector.ordersFolder());
		assertThat(connector.post(this.port, order, "application/json").statusCode()).isEqualTo(200);
		assertThat(connector.orderFiles()).hasSize(1);
		assertThat(Files.readAllBytes(connector.orderFiles().get(0))).isEqualTo(order);
		assertThat(connector.receive("tradecloud.orders")).isNotNull();
		connector.assertNoMoreOn("tradecloud.orders");
		HttpResponse<String> copy = connector.post(this.port, order, "application/json");
		assertThat(copy.statusCode()).isEqualTo(200);
		assertThat(copy.body()).contains("\"status\":\"duplicate\"");
		assertThat(connector.orderFiles()).hasSize(1);
	}

	@Test
	void aBrokerThatIsDownIsAnswered503AndTheRetryIsDeliveredOnceItIsBack() throws Exception {
		byte[] order = TestConnector.asNewEvent(SAMPLE);
		this.broker.stop();
		try {
			HttpResponse<String> answer = connector.post(this.port, order, "application/json");
			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.body()).contains("\"error\":\"target_unavailable\"");
		}
		finally {
			this.broker.start();
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> connector.post(this.port, order, "application/json").statusCode() == 200);
		TextMessage delivered = (TextMessage) connector.receive("tradecloud.orders");
		assertThat(delivered.getText()).isEqualTo(new String(order));
		connector.assertNoMoreOn("tradecloud.orders");
		assertThat(connector.orderFiles()).hasSize(1);
	}

	@Test
	void anUnwritableShipmentLinesFolderIsAnswered503WithNothingQueuedAndTheRetryIsDeliveredOnce() throws Exception {
		connector.reset("tradecloud.shipments", "tradecloud.shipment-lines");
		Path lines = connector.outputDir().resolve("shipment-lines");
		Files.createDirectories(connector.outputDir());
		FileSystemUtils.deleteRecursively(lines);
		Files.writeString(lines, "a file where the folder should be");
		byte[] shipment = TestConnector.shipmentWithLines(UUID.randomUUID().toString(), 250)
			.getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> answer = connector.post(this.port, shipment, "application/json");

		assertThat(answer.statusCode()).isEqualTo(503);
		connector.assertNoMoreOn("tradecloud.shipments");
		connector.assertNoMoreOn("tradecloud.shipment-lines");

		Files.delete(lines);
		assertThat(connector.post(this.port, shipment, "application/json").statusCode()).isEqualTo(200);
		assertThat(TestConnector.filesIn(lines)).hasSize(251);
		assertThat(connector.receive("tradecloud.shipments")).isNotNull();
		connector.assertNoMoreOn("tradecloud.shipments");
		assertThat(connector.receive("tradecloud.shipment-lines", 251)).hasSize(251);
		connector.assertNoMoreOn("tradecloud.shipment-lines");
	}

}
