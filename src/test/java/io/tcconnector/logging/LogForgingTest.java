package io.tcconnector.logging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event whose purchase order number and event name hold newlines and control
 * characters (a forged log line, a terminal escape) leaves, in the text log, no line that
 * does not start with a timestamp: the values are written escaped ({@code \n},
 * {@code \u0001}). In the JSON logs (ECS and Logstash) every record is one line of valid
 * JSON holding the values as received.
 */
@ConnectorTest
@ExtendWith(OutputCaptureExtension.class)
class LogForgingTest {

	static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}.*");

	/** The lines of a stack trace under a log line (their messages are escaped). */
	static final Pattern STACK_TRACE = Pattern
		.compile("^(\\s+at .*|\\s+\\.\\.\\. \\d+ .*|\\s*Caused by: .*|\\s*Suppressed: .*|[\\w.$]+: .*|[\\w.$]+)$");

	@Autowired
	TestConnector connector;

	@LocalServerPort
	int port;

	final ObjectMapper json = new ObjectMapper();

	@BeforeEach
	void emptyTargets() {
		connector.reset("tradecloud.orders");
	}

	@Test
	void valuesFromTheBodyNeverStartALineOfTheirOwn(CapturedOutput output) throws Exception {
		String token = UUID.randomUUID().toString().substring(0, 8);
		String purchaseOrder = "PO-" + token + "\n2026-12-01T00:00:00.000Z  INFO 1 --- [main] forged : forged " + token
				+ " line\u0001\u001b[2K";
		String eventName = "OrderLinesConfirmedBySupplier\r\nforged-" + token + "\u2028next";
		ObjectNode body = (ObjectNode) this.json
			.readTree(TestConnector.read(Path.of("src/test/resources/samples/order-event.json")));
		body.put("eventName", eventName);
		((ObjectNode) body.path("orderEvent").path("buyerOrder")).put("purchaseOrderNumber", purchaseOrder);
		((ObjectNode) body.path("meta")).put("messageId", UUID.randomUUID().toString());
		int start = output.getOut().length();

		try (JsonLogCapture ecs = JsonLogCapture.start("ecs");
				JsonLogCapture logstash = JsonLogCapture.start("logstash")) {
			assertThat(connector.post(this.port, this.json.writeValueAsBytes(body), "application/json").statusCode())
				.isEqualTo(202);
			connector.awaitOrderFiles(1);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> output.getOut().substring(start).contains("forged-" + token + "\\u2028next"));

			List<String> text = Arrays.asList(output.getOut().substring(start).split("\\R", -1));
			List<String> mentioning = text.stream().filter((line) -> line.contains(token)).toList();
			assertThat(text).as("one line per record").hasSizeGreaterThan(3);
			assertThat(mentioning).isNotEmpty();
			assertThat(mentioning).allMatch((line) -> line.length() < 2000);
			assertThat(mentioning).allMatch((line) -> TIMESTAMP.matcher(line).matches());
			assertThat(mentioning).anyMatch((line) -> line
				.contains("PO-" + token + "\\n2026-12-01T00:00:00.000Z  INFO 1 --- [main] forged : forged " + token
						+ " line\\u0001\\u001b[2K")
					&& line.contains("OrderLinesConfirmedBySupplier\\r\\nforged-" + token + "\\u2028next"));
			for (String line : text) {
				if (!line.isEmpty()) {
					assertThat(TIMESTAMP.matcher(line).matches() || STACK_TRACE.matcher(line).matches())
						.as("a line of its own: %s", line)
						.isTrue();
				}
			}

			for (JsonLogCapture capture : List.of(ecs, logstash)) {
				List<JsonNode> records = capture.lines().stream().map(this::parse).toList();
				List<JsonNode> ours = records.stream()
					.filter((record) -> record.path("message").asText().contains("forged-" + token))
					.toList();
				assertThat(ours).isNotEmpty();
				assertThat(ours).anyMatch((record) -> record.path("message").asText().contains(purchaseOrder));
				assertThat(ours)
					.allMatch((record) -> purchaseOrder.equals(record.path("tradecloudPurchaseOrderNumber").asText())
							&& eventName.equals(record.path("tradecloudEventName").asText()));
			}
		}
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
