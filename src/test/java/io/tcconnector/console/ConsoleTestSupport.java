package io.tcconnector.console;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One connector for the console's tests (API and browser), against the simulator and its
 * stand-in ERP, with an operator; Spring's context cache shares it between the test
 * classes.
 */
@ConnectorTest("tradecloud.journal.refused-per-minute=5")
abstract class ConsoleTestSupport {

	static final String OPERATOR = "operator";

	static final String OPERATOR_PASSWORD = "operator-password";

	static final String OPERATOR_BASIC = TestConnector.basic(OPERATOR, OPERATOR_PASSWORD);

	/** Refused requests journaled per source and minute, as the properties above say. */
	static final int REFUSED_PER_MINUTE = 5;

	/** The most of a body the journal keeps, small so that a test can go past it. */
	static final int JOURNAL_MAX_BODY_SIZE = 65536;

	static final TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests());

	@DynamicPropertySource
	static void ownSimulator(DynamicPropertyRegistry registry) {
		TestConnector.useSimulator(registry, simulator);
		registry.add("tradecloud.journal.max-body-size", () -> JOURNAL_MAX_BODY_SIZE);
	}

	@Autowired
	TestConnector connector;

	static final Path SAMPLES = Path.of("src/test/resources/samples");

	final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	/**
	 * Sends a new order event (an order id and message id of its own) with this purchase
	 * order number, and checks that the connector took it.
	 * @param purchaseOrderNumber the purchase order number
	 */
	void sendNewOrder(String purchaseOrderNumber) {
		assertThat(this.connector
			.post(this.port,
					orderEvent(purchaseOrderNumber, UUID.randomUUID().toString(), UUID.randomUUID().toString()),
					"application/json")
			.statusCode()).isEqualTo(202);
	}

	/**
	 * The order event sample with a purchase order number, order id and message id of its
	 * own.
	 */
	static byte[] orderEvent(String purchaseOrderNumber, String orderId, String messageId) {
		String text = new String(TestConnector.read(SAMPLES.resolve("order-event.json")), StandardCharsets.UTF_8)
			.replace("PO-1001", purchaseOrderNumber)
			.replace("a50a3876-e620-5956-a64c-571fd8658434", orderId);
		return TestConnector.withMessageId(text.getBytes(StandardCharsets.UTF_8), messageId);
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	HttpResponse<String> admin(String method, String path) {
		return connector.send(this.port, method, path, null, null, OPERATOR_BASIC);
	}

	JsonNode adminJson(String path) throws Exception {
		HttpResponse<String> answer = admin("GET", path);
		if (answer.statusCode() != 200) {
			throw new AssertionError(path + " answered " + answer.statusCode() + ": " + answer.body());
		}
		return this.json.readTree(answer.body());
	}

	/** Waits until a search finds the expected number of events, and returns them. */
	JsonNode awaitEvents(String query, int count) {
		JsonNode[] found = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			found[0] = adminJson("/admin/events?" + query);
			return found[0].get("total").asInt() == count;
		});
		return found[0];
	}

	/** Waits until a search finds one event with the given status, and returns it. */
	JsonNode awaitStatus(String q, String status) {
		JsonNode[] found = new JsonNode[1];
		try {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
				JsonNode events = adminJson("/admin/events?q=" + q).get("events");
				found[0] = events.isEmpty() ? null : events.get(0);
				return found[0] != null && status.equals(found[0].get("status").asText());
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("no event " + q + " " + status + ", last seen: " + found[0], ex);
		}
		return found[0];
	}

	/** Sends an action the way the console does: the CSRF cookie and its header. */
	HttpResponse<String> action(String path, boolean withToken) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.header("Authorization", OPERATOR_BASIC);
		if (withToken) {
			HttpResponse<String> session = admin("GET", "/admin/console/session");
			String token = this.json.readTree(session.body()).get("csrfToken").asText();
			String cookie = session.headers()
				.allValues("Set-Cookie")
				.stream()
				.filter((value) -> value.startsWith("XSRF-TOKEN="))
				.findFirst()
				.orElseThrow()
				.split(";", 2)[0];
			request.header("Cookie", cookie).header("X-XSRF-TOKEN", token);
		}
		return connector.https().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
