package io.tcconnector.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.tcconnector.simulator.RetryPolicy;
import io.tcconnector.simulator.WebhookSender;
import io.tcconnector.support.TestConnector;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jms.core.JmsTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector's crash test, on the packaged jar as operators run it: the simulator
 * sends 2,000 events the way Tradecloud does while the connector is killed with SIGKILL
 * twice in the middle of the burst and started again on the same data directory. Every
 * event accepted is in the orders folder exactly once (no file written twice, no
 * temporary file left) and on the orders queue exactly once; the stand-in ERP has every
 * event at least once, and each order's events in the order they were sent (see
 * {@link BurstWithRestarts}). And a large shipment killed while its lines go to their
 * queue, a batch at a time: after the restart each line is on the queue once.
 */
class CrashRecoveryIT {

	static final int LINES = 3_000;

	final BurstWithRestarts burst = new BurstWithRestarts(Path.of("target/crash-recovery"));

	@AfterEach
	void stop() {
		this.burst.close();
	}

	@Test
	void everyEventAcceptedBeforeAKillIsDeliveredAfterTheRestartExactlyOnce() throws Exception {
		Map<String, Integer> repeats = this.burst.run((connector) -> connector.destroyForcibly().waitFor());

		System.out.printf("crash recovery: %d events, %d connector starts, %d events repeated at the ERP %s%n",
				BurstWithRestarts.EVENTS, this.burst.starts(), repeats.size(), repeats);
	}

	@Test
	void aShipmentKilledWhileItsLinesAreSentHasEachLineOnItsQueueOnceAfterTheRestart() throws Exception {
		this.burst.startConnector();
		TestConnector connector = this.burst.connector;
		String messageId = UUID.randomUUID().toString();
		byte[] shipment = TestConnector.shipmentWithLines(messageId, LINES).getBytes(StandardCharsets.UTF_8);
		WebhookSender tradecloud = new WebhookSender(
				WebhookSender.trusting(connector.dataDir().resolve("tls/localhost-cert.pem")),
				RetryPolicy.indefinitely(Duration.ofMillis(100), 2, Duration.ofSeconds(1)));
		assertThat(tradecloud
			.send(URI.create("https://localhost:" + this.burst.port + "/webhooks/tradecloud"), "POST", shipment,
					"application/json", TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))
			.finalStatus()).isEqualTo(202);

		// killed once the first batches of lines are committed, before the last
		JmsTemplate broker = new JmsTemplate(
				new ActiveMQConnectionFactory("tcp://127.0.0.1:" + connector.brokerPort()));
		AtomicInteger onQueue = new AtomicInteger();
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> onQueue.updateAndGet((seen) -> broker.browse("tradecloud.shipment-lines",
					(session, browser) -> Collections.list(browser.getEnumeration()).size())) > 0);
		this.burst.process.destroyForcibly().waitFor();
		assertThat(onQueue.get()).as("lines committed when it was killed").isLessThan(LINES + 1);
		this.burst.startConnector();

		// every line once (one consumer for all: a receive each would open a connection)
		List<String> lines = broker.execute((session) -> {
			List<String> received = new ArrayList<>();
			try (MessageConsumer consumer = session.createConsumer(session.createQueue("tradecloud.shipment-lines"))) {
				for (Message line = consumer.receive(60_000); line != null; line = consumer
					.receive((received.size() < LINES) ? 60_000 : 1_000)) {
					received.add(line.getStringProperty("tradecloudPurchaseOrderLinePosition") + "/"
							+ line.getStringProperty("tradecloudPurchaseOrderNumber"));
				}
			}
			return received;
		}, true);
		assertThat(lines).hasSize(LINES + 1).doesNotHaveDuplicates();
		broker.setReceiveTimeout(10_000);
		Message event = broker.receive("tradecloud.shipments");
		assertThat(event.getStringProperty("tradecloudMessageId")).isEqualTo(messageId);
		broker.setReceiveTimeout(1_000);
		assertThat(broker.receive("tradecloud.shipments")).isNull();
		System.out.printf("crash recovery: shipment of %d lines killed with %d lines on the queue%n", LINES + 1,
				onQueue.get());
	}

}
