package io.tcconnector.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcconnector.ConnectorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tcconnector.simulator.RetryPolicy;
import io.tcconnector.simulator.SendResult;
import io.tcconnector.simulator.WebhookSender;
import io.tcconnector.support.Databases;
import io.tcconnector.support.ExternalBroker;
import io.tcconnector.support.TestConnector;
import jakarta.jms.Message;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jms.core.JmsTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two connector instances behind one address, as a cluster runs them: one PostgreSQL (the
 * local one, a schema of its own) and one external Artemis broker instead of their
 * embedded ones, one shared outbox. Every event is sent to both instances at the same
 * moment, as a load balancer might pass on Tradecloud's retry while the first attempt is
 * still running: each is taken by one instance (202) and answered as a duplicate by the
 * other (200, after a 503 while the first was still taking it), and each reaches the
 * folder and the queue exactly once.
 */
class ClusterTest {

	static final String SAMPLE_ORDER_ID = "a50a3876-e620-5956-a64c-571fd8658434";

	static final int EVENTS = 40;

	@AfterAll
	static void closeDatabases() {
		Databases.closeAll();
	}

	static ConfigurableApplicationContext instance(String database, ExternalBroker broker, Path outbox, Path data) {
		return new SpringApplicationBuilder(ConnectorApplication.class).run("--server.port=0",
				"--tradecloud.output-dir=" + outbox, "--tradecloud.data-dir=" + data, "--spring.artemis.mode=native",
				"--spring.artemis.embedded.enabled=false", "--spring.artemis.broker-url=" + broker.url(),
				"--spring.datasource.url=" + database, "--spring.datasource.username=" + Databases.POSTGRES_USER,
				"--tradecloud.webhook.basic.username=" + TestConnector.USER,
				"--tradecloud.webhook.basic.password=" + TestConnector.PASSWORD, "--tradecloud.admin.username=operator",
				"--tradecloud.admin.password=operator-password", "--camel.main.jmx-enabled=false");
	}

	static URI webhook(ConfigurableApplicationContext instance) {
		return URI.create(
				"https://localhost:" + instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class)
						+ "/webhooks/tradecloud");
	}

	static WebhookSender tradecloudFor(Path data) throws Exception {
		HttpClient client = WebhookSender.trusting(data.resolve("tls/localhost-cert.pem"));
		return new WebhookSender(client, new RetryPolicy(Duration.ofMillis(50), 2, Duration.ofMillis(500), 40));
	}

	@Test
	void theSameEventsSentToTwoInstancesAtOnceAreEachDeliveredOnce() throws Exception {
		String database = Databases.postgresSchema();
		Path outbox = Files.createTempDirectory("shared-outbox");
		Path dataA = Files.createTempDirectory("instance-a");
		Path dataB = Files.createTempDirectory("instance-b");
		byte[] sample = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));
		ExecutorService tradecloud = Executors.newFixedThreadPool(8);
		try (ExternalBroker broker = ExternalBroker.start();
				ConfigurableApplicationContext a = instance(database, broker, outbox, dataA);
				ConfigurableApplicationContext b = instance(database, broker, outbox, dataB)) {
			WebhookSender toA = tradecloudFor(dataA);
			WebhookSender toB = tradecloudFor(dataB);
			List<String> messageIds = new ArrayList<>();
			List<Future<SendResult>> answers = new ArrayList<>();
			for (int i = 0; i < EVENTS; i++) {
				// five orders, events of each in turn
				byte[] event = new String(TestConnector.asNewEvent(sample), StandardCharsets.UTF_8)
					.replace(SAMPLE_ORDER_ID, "order-" + (i % 5))
					.getBytes(StandardCharsets.UTF_8);
				messageIds.add(messageIdOf(event));
				answers.add(tradecloud.submit(() -> toA.send(webhook(a), "POST", event, "application/json",
						TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))));
				answers.add(tradecloud.submit(() -> toB.send(webhook(b), "POST", event, "application/json",
						TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))));
			}
			Map<String, Integer> outcomes = new HashMap<>();
			for (Future<SendResult> answer : answers) {
				SendResult sent = answer.get();
				assertThat(sent.delivered()).as(sent.lastBody()).isTrue();
				String outcome = sent.lastBody().contains("\"duplicate\"") ? "duplicate"
						: "status " + sent.finalStatus();
				outcomes.merge(outcome, 1, Integer::sum);
			}
			assertThat(outcomes).as("one instance took each event, the other answered it as a duplicate")
				.containsEntry("status 202", EVENTS)
				.containsEntry("duplicate", EVENTS);

			Path orders = outbox.resolve("orders");
			List<Path> files = await().atMost(Duration.ofSeconds(30))
				.until(() -> TestConnector.filesIn(orders), (found) -> found.size() >= EVENTS);
			assertThat(files).hasSize(EVENTS);
			List<String> written = new ArrayList<>();
			for (Path file : files) {
				written.add(messageIdOf(Files.readAllBytes(file)));
			}
			assertThat(written).containsExactlyInAnyOrderElementsOf(messageIds);

			JmsTemplate consumer = new JmsTemplate(new ActiveMQConnectionFactory(broker.url()));
			consumer.setReceiveTimeout(2000);
			List<String> queued = new ArrayList<>();
			for (Message message = consumer.receive("tradecloud.orders"); message != null; message = consumer
				.receive("tradecloud.orders")) {
				queued.add(message.getStringProperty("tradecloudMessageId"));
			}
			assertThat(queued).containsExactlyInAnyOrderElementsOf(messageIds);
			assertThat(TestConnector.filesIn(orders)).as("nothing written late").hasSize(EVENTS);

			// the event journal is in the shared database: what A took, B's console shows
			String takenByA = null;
			for (int i = 0; i < answers.size() && takenByA == null; i += 2) {
				if (answers.get(i).get().finalStatus() == 202) {
					takenByA = messageIds.get(i / 2);
				}
			}
			assertThat(takenByA).as("A took some of the events").isNotNull();
			String messageId = takenByA;
			JsonNode seenByB = await().atMost(Duration.ofSeconds(20))
				.until(() -> consoleEvents(b, dataB, messageId),
						(events) -> events.findValuesAsText("status").contains("delivered"));
			assertThat(seenByB.findValuesAsText("messageId")).contains(messageId);
			assertThat(consoleEvents(a, dataA, messageId).findValuesAsText("status")).contains("delivered");
		}
		finally {
			tradecloud.shutdownNow();
		}
	}

	/** What an instance's console API lists for a message id. */
	static JsonNode consoleEvents(ConfigurableApplicationContext instance, Path data, String messageId)
			throws Exception {
		URI uri = URI.create(
				"https://localhost:" + instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class)
						+ "/admin/events?q=" + messageId);
		java.net.http.HttpResponse<String> answer = WebhookSender.trusting(data.resolve("tls/localhost-cert.pem"))
			.send(java.net.http.HttpRequest.newBuilder(uri)
				.header("Authorization", TestConnector.basic("operator", "operator-password"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("events");
	}

	static String messageIdOf(byte[] event) {
		String text = new String(event, StandardCharsets.UTF_8);
		int start = text.indexOf("\"messageId\": \"") + "\"messageId\": \"".length();
		return text.substring(start, text.indexOf('"', start));
	}

}
