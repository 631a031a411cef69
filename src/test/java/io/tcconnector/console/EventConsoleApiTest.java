package io.tcconnector.console;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLSocketFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tcconnector.journal.EventJournal;
import io.tcconnector.journal.JournalRequestFilter;
import io.tcconnector.simulator.ErpDelivery;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journal's JSON API over real HTTPS: every webhook request is journaled with its
 * answer and delivery steps (a body over the journal's limit delivered whole and kept up
 * to the limit), found by each search key and filter, paged newest first; refused
 * requests are journaled, exactly refused-per-minute of them per source and minute;
 * actions need the CSRF token; replay reaches the ERP with the same Idempotency-Key; old
 * records are purged.
 */
class EventConsoleApiTest extends ConsoleTestSupport {

	@Autowired
	EventJournal journal;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void eachSearchKeyFindsTheEvent() throws Exception {
		String po = unique("PO");
		String orderId = UUID.randomUUID().toString();
		String messageId = UUID.randomUUID().toString();
		HttpResponse<String> answer = connector.post(this.port, orderEvent(po, orderId, messageId), "application/json");
		assertThat(answer.statusCode()).isEqualTo(202);

		JsonNode byPo = awaitEvents("q=" + po, 1).get("events").get(0);
		assertThat(byPo.get("messageId").asText()).isEqualTo(messageId);
		assertThat(byPo.get("purchaseOrderNumber").asText()).isEqualTo(po);
		assertThat(byPo.get("kind").asText()).isEqualTo("orderEvent");
		assertThat(byPo.get("eventName").asText()).isEqualTo("OrderLinesConfirmedBySupplier");
		assertThat(awaitEvents("q=" + orderId, 1).get("events").get(0).get("id")).isEqualTo(byPo.get("id"));
		assertThat(awaitEvents("q=" + messageId, 1).get("events").get(0).get("id")).isEqualTo(byPo.get("id"));

		String shipmentMessageId = UUID.randomUUID().toString();
		String shipmentNumber = unique("SN");
		byte[] shipment = TestConnector
			.withMessageId(new String(TestConnector.read(SAMPLES.resolve("shipment-event.json")),
					java.nio.charset.StandardCharsets.UTF_8)
				.replace("SN-2001", shipmentNumber)
				.getBytes(java.nio.charset.StandardCharsets.UTF_8), shipmentMessageId);
		assertThat(connector.post(this.port, shipment, "application/json").statusCode()).isEqualTo(202);
		JsonNode byShipment = awaitEvents("q=" + shipmentNumber, 1).get("events").get(0);
		assertThat(byShipment.get("messageId").asText()).isEqualTo(shipmentMessageId);
		assertThat(byShipment.get("kind").asText()).isEqualTo("shipment");
	}

	@Test
	void aDeliveredEventShowsItsTargetsAndBody() throws Exception {
		String po = unique("PO");
		String messageId = UUID.randomUUID().toString();
		byte[] body = orderEvent(po, UUID.randomUUID().toString(), messageId);
		HttpResponse<String> answer = connector.post(this.port, body, "application/json");
		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(this.json.readTree(answer.body()).path("messageId").asText()).as(answer.body()).isEqualTo(messageId);

		JsonNode summary = awaitStatus(po, "delivered");
		String id = summary.get("id").asText();
		assertThat(summary.get("targets").findValuesAsText("target")).contains("folder:orders",
				"queue:tradecloud.orders", "erp");
		JsonNode event = adminJson("/admin/events/" + id);
		assertThat(event.get("request").get("method").asText()).isEqualTo("POST");
		assertThat(event.get("request").get("authScheme").asText()).isEqualTo("Basic");
		assertThat(event.toString()).doesNotContain(TestConnector.PASSWORD);
		assertThat(event.get("answer").get("status").asInt()).isEqualTo(202);
		// the answer as the client got it
		assertThat(this.json.readTree(event.get("answer").get("body").asText()))
			.isEqualTo(this.json.readTree(answer.body()));
		assertThat(event.get("request").get("size").asLong()).isEqualTo(body.length);
		assertThat(event.get("bodyStored").asBoolean()).isTrue();
		JsonNode erp = find(event.get("deliveries"), "erp");
		assertThat(erp.get("outcome").asText()).isEqualTo("ok");
		assertThat(erp.get("statusCode").asInt()).isBetween(200, 299);
		assertThat(erp.get("attempt").asInt()).isEqualTo(1);
		assertThat(find(event.get("deliveries"), "folder:orders").get("file").asText()).contains(po);

		HttpResponse<byte[]> stored = storedBody(id);
		assertThat(stored.statusCode()).isEqualTo(200);
		assertThat(stored.headers().firstValue("X-Body-Complete")).hasValue("true");
		assertThat(stored.body()).isEqualTo(body);

		// the same event again: a duplicate, journaled as such
		assertThat(connector.post(this.port, body, "application/json").statusCode()).isEqualTo(200);
		JsonNode duplicates = awaitEvents("q=" + po + "&status=duplicate", 1);
		assertThat(duplicates.get("events").get(0).get("messageId").asText()).isEqualTo(messageId);
	}

	@Test
	void aBodyLargerThanTheJournalKeepsIsDeliveredWholeAndJournaledUpToTheLimit() throws Exception {
		String po = unique("PO");
		String messageId = UUID.randomUUID().toString();
		// the event padded with white space to five times what the journal keeps (and
		// past the size Camel spools to disk)
		byte[] body = padded(orderEvent(po, UUID.randomUUID().toString(), messageId), 5 * JOURNAL_MAX_BODY_SIZE);
		HttpResponse<String> answer = connector.post(this.port, body, "application/json");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

		// the journal cannot recognise a body it holds part of: found by the message id
		// of the answer
		String id = awaitStatus(messageId, "delivered").get("id").asText();
		JsonNode event = adminJson("/admin/events/" + id);
		String file = find(event.get("deliveries"), "folder:orders").get("file").asText();
		assertThat(Files.readAllBytes(connector.ordersFolder().resolve(Path.of(file).getFileName())))
			.as("the file holds the body as received")
			.isEqualTo(body);
		await().atMost(Duration.ofSeconds(30)).until(() -> erpDeliveries(po).size() == 1);
		assertThat(erpDeliveries(po).get(0).body()).as("the ERP got the body as received").isEqualTo(body);

		assertThat(event.get("request").get("size").asLong()).isEqualTo(body.length);
		assertThat(event.get("bodyStored").asBoolean()).isFalse();
		assertThat(event.get("answer").get("status").asInt()).isEqualTo(202);
		assertThat(event.get("answer").get("body").asText()).contains(messageId);
		HttpResponse<byte[]> stored = storedBody(id);
		assertThat(stored.statusCode()).isEqualTo(200);
		assertThat(stored.headers().firstValue("X-Body-Complete")).hasValue("false");
		assertThat(stored.body()).isEqualTo(Arrays.copyOf(body, JOURNAL_MAX_BODY_SIZE));
		HttpResponse<String> replay = action("/admin/events/" + id + "/replay", true);
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
	}

	@Test
	void aChunkedBodyIsJournaledWhole() throws Exception {
		String po = unique("PO");
		byte[] body = orderEvent(po, UUID.randomUUID().toString(), UUID.randomUUID().toString());
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("https://localhost:" + this.port + "/webhooks/tradecloud"))
			.version(HttpClient.Version.HTTP_1_1)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Authorization", TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))
			// no length known beforehand: sent chunked
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
		HttpResponse<String> answer = connector.https().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

		String id = awaitStatus(po, "delivered").get("id").asText();
		JsonNode event = adminJson("/admin/events/" + id);
		assertThat(event.get("request").get("size").asLong()).isEqualTo(body.length);
		assertThat(event.get("bodyStored").asBoolean()).isTrue();
		assertThat(storedBody(id).body()).isEqualTo(body);
	}

	@Test
	void filtersByStatusKindAndEventName() throws Exception {
		String po = unique("PO");
		sendNewOrder(po);
		awaitStatus(po, "delivered");
		assertThat(adminJson("/admin/events?q=" + po + "&status=delivered&kind=orderEvent").get("total").asInt())
			.isEqualTo(1);
		assertThat(adminJson("/admin/events?q=" + po + "&kind=shipment").get("total").asInt()).isZero();
		assertThat(adminJson("/admin/events?q=" + po + "&eventName=OrderLinesConfirmedBySupplier").get("total").asInt())
			.isEqualTo(1);
		assertThat(adminJson("/admin/events?q=" + po + "&status=dead-lettered").get("total").asInt()).isZero();
		assertThat(adminJson("/admin/events?q=" + po + "&from=" + Instant.now().plusSeconds(3600)).get("total").asInt())
			.isZero();
		assertThat(adminJson("/admin/events?q=" + po + "&to=" + Instant.now().plusSeconds(3600)).get("total").asInt())
			.isEqualTo(1);
		assertThat(admin("GET", "/admin/events?status=nonsense").statusCode()).isEqualTo(400);
	}

	@Test
	void pagesNewestFirst() throws Exception {
		String po = unique("PO");
		String orderId = UUID.randomUUID().toString();
		List<String> messageIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String messageId = UUID.randomUUID().toString();
			messageIds.add(messageId);
			assertThat(connector.post(this.port, orderEvent(po, orderId, messageId), "application/json").statusCode())
				.isEqualTo(202);
		}
		awaitEvents("q=" + po, 3);
		JsonNode first = adminJson("/admin/events?q=" + po + "&size=2&page=0");
		JsonNode second = adminJson("/admin/events?q=" + po + "&size=2&page=1");
		assertThat(first.get("events")).hasSize(2);
		assertThat(second.get("events")).hasSize(1);
		assertThat(first.get("events").get(0).get("messageId").asText()).isEqualTo(messageIds.get(2));
		assertThat(first.get("events").get(1).get("messageId").asText()).isEqualTo(messageIds.get(1));
		assertThat(second.get("events").get(0).get("messageId").asText()).isEqualTo(messageIds.get(0));
	}

	@Test
	void refusedRequestsAreJournaledWithTheirAnswer() throws Exception {
		long before = refusedCount();
		HttpResponse<String> refused = connector.send(this.port, "POST", "/webhooks/tradecloud",
				"{\"eventName\":\"x\"}".getBytes(), "application/json", TestConnector.basic("tradecloud", "wrong"));
		assertThat(refused.statusCode()).isEqualTo(401);
		await().atMost(Duration.ofSeconds(10)).until(() -> refusedCount() > before);
		JsonNode event = latestRefused();
		assertThat(event.get("answer").get("status").asInt()).isEqualTo(401);
		assertThat(event.get("answer").get("reason").asText()).isNotBlank();
		assertThat(this.json.readTree(event.get("answer").get("body").asText()))
			.isEqualTo(this.json.readTree(refused.body()));
		assertThat(event.get("request").get("authScheme").asText()).isEqualTo("Basic");
		assertThat(event.get("request").get("path").asText()).isEqualTo("/webhooks/tradecloud");

		HttpResponse<String> unsupported = connector.send(this.port, "POST", "/webhooks/tradecloud", "hello".getBytes(),
				"text/plain", TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(unsupported.statusCode()).isEqualTo(415);
		await().atMost(Duration.ofSeconds(10)).until(() -> refusedCount() > before + 1);
		JsonNode unsupportedEvent = latestRefused();
		assertThat(unsupportedEvent.get("answer").get("status").asInt()).isEqualTo(415);
		assertThat(this.json.readTree(unsupportedEvent.get("answer").get("body").asText()))
			.isEqualTo(this.json.readTree(unsupported.body()));
		assertThat(unsupportedEvent.get("request").get("contentType").asText()).isEqualTo("text/plain");
	}

	@Test
	void refusedRequestsOverTheBoundAreAnsweredButNotJournaled() throws Exception {
		// a source of its own (no other test sends from it), refused-per-minute (5) of
		// its refused requests journaled in a minute
		String source = "127.0.0.77";
		int sent = REFUSED_PER_MINUTE + 7;
		long notJournaled = this.journal.refusedNotJournaled();
		ListAppender<ILoggingEvent> warnings = new ListAppender<>();
		Logger filterLog = (Logger) LoggerFactory.getLogger(JournalRequestFilter.class);
		warnings.start();
		filterLog.addAppender(warnings);
		try {
			// the bound counts the minute from the source's first refused request: the
			// flood is sent within it
			for (int i = 0; i < sent; i++) {
				assertThat(postFrom(source, TestConnector.basic("tradecloud", "wrong-" + i))).as("request " + i)
					.startsWith("HTTP/1.1 401 ");
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.journal.refusedNotJournaled() - notJournaled == sent - REFUSED_PER_MINUTE
						&& refusedFrom(source).size() == REFUSED_PER_MINUTE);
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(this.journal::idle);
		}
		finally {
			filterLog.detachAppender(warnings);
		}
		List<JsonNode> journaled = refusedFrom(source);
		assertThat(journaled).hasSize(REFUSED_PER_MINUTE);
		assertThat(journaled).allSatisfy((event) -> {
			assertThat(event.get("answerStatus").asInt()).isEqualTo(401);
			assertThat(event.get("authScheme").asText()).isEqualTo("Basic");
		});
		assertThat(this.journal.refusedNotJournaled() - notJournaled).isEqualTo(sent - REFUSED_PER_MINUTE);
		assertThat(adminJson("/admin/events/overview").get("refusedNotJournaled").asLong())
			.isEqualTo(this.journal.refusedNotJournaled());
		// one WARN for the source when it goes over the bound, not one per request
		assertThat(warnings.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.extracting(ILoggingEvent::getFormattedMessage)
			.filteredOn((message) -> message.contains(source))
			.containsExactly("More than " + REFUSED_PER_MINUTE + " refused requests from " + source
					+ " this minute: not journaling more of them");
	}

	@Test
	void webhookCredentialsMayNotUseTheApi() {
		assertThat(connector
			.send(this.port, "GET", "/admin/events", null, null,
					TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))
			.statusCode()).isEqualTo(403);
		assertThat(connector.send(this.port, "GET", "/admin/events", null, null, null).statusCode()).isEqualTo(401);
	}

	@Test
	void anActionWithoutTheCsrfTokenIsRefusedAndWithItReachesTheErpOnce() throws Exception {
		String po = unique("PO");
		String messageId = UUID.randomUUID().toString();
		assertThat(
				connector.post(this.port, orderEvent(po, UUID.randomUUID().toString(), messageId), "application/json")
					.statusCode())
			.isEqualTo(202);
		String id = awaitStatus(po, "delivered").get("id").asText();
		await().atMost(Duration.ofSeconds(30)).until(() -> erpDeliveries(po).size() == 1);

		HttpResponse<String> refused = action("/admin/events/" + id + "/replay?target=erp", false);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("csrf");

		HttpResponse<String> replayed = action("/admin/events/" + id + "/replay?target=erp", true);
		assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).until(() -> erpDeliveries(po).size() == 2);
		List<ErpDelivery> deliveries = erpDeliveries(po);
		assertThat(deliveries.get(1).idempotencyKey()).isEqualTo(deliveries.get(0).idempotencyKey())
			.isEqualTo(messageId);
		JsonNode event = adminJson("/admin/events/" + id);
		assertThat(event.get("actions").get(0).get("actor").asText()).isEqualTo(OPERATOR);
		assertThat(event.get("actions").get(0).get("target").asText()).isEqualTo("erp");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> find(adminJson("/admin/events/" + id).get("deliveries"), "erp").get("attempt").asInt() == 2);
	}

	@Test
	void recordsOlderThanTheRetentionArePurged() throws Exception {
		String oldPo = unique("PO");
		String newPo = unique("PO");
		connector.post(this.port, orderEvent(oldPo, UUID.randomUUID().toString(), UUID.randomUUID().toString()),
				"application/json");
		connector.post(this.port, orderEvent(newPo, UUID.randomUUID().toString(), UUID.randomUUID().toString()),
				"application/json");
		String oldId = awaitEvents("q=" + oldPo, 1).get("events").get(0).get("id").asText();
		awaitEvents("q=" + newPo, 1);
		this.jdbc.update("UPDATE tradecloud_journal_event SET received_at = ? WHERE id = ?",
				Instant.now().minus(Duration.ofDays(31)).toEpochMilli(), oldId);
		assertThat(this.journal.purge()).isGreaterThanOrEqualTo(1);
		assertThat(admin("GET", "/admin/events/" + oldId).statusCode()).isEqualTo(404);
		assertThat(adminJson("/admin/events?q=" + newPo).get("total").asInt()).isEqualTo(1);
	}

	@Test
	void anErpOutageShowsTheEventRetryingThenDelivered() throws Exception {
		String po = unique("PO");
		simulator.setErpAvailable(false);
		try {
			sendNewOrder(po);
			JsonNode retrying = awaitStatus(po, "retrying");
			assertThat(retrying.get("targets").toString()).contains("\"target\":\"erp\",\"outcome\":\"failed\"");
		}
		finally {
			simulator.setErpAvailable(true);
		}
		String id = awaitStatus(po, "delivered").get("id").asText();
		JsonNode erpSteps = adminJson("/admin/events/" + id).get("deliveries");
		List<JsonNode> erp = new ArrayList<>();
		erpSteps.forEach((step) -> {
			if ("erp".equals(step.get("target").asText())) {
				erp.add(step);
			}
		});
		assertThat(erp.size()).isGreaterThanOrEqualTo(2);
		assertThat(erp.get(0).get("outcome").asText()).isEqualTo("failed");
		assertThat(erp.get(0).get("statusCode").asInt()).isGreaterThanOrEqualTo(500);
		assertThat(erp.get(erp.size() - 1).get("outcome").asText()).isEqualTo("ok");
		assertThat(erp.get(erp.size() - 1).get("attempt").asInt()).isEqualTo(erp.size());
	}

	/** The refused requests journaled from a source. */
	private List<JsonNode> refusedFrom(String source) throws Exception {
		List<JsonNode> found = new ArrayList<>();
		adminJson("/admin/events?status=refused&size=200").get("events").forEach((event) -> {
			if (source.equals(event.get("source").asText())) {
				found.add(event);
			}
		});
		return found;
	}

	/**
	 * POSTs an event from a local address of the test's choosing (127.0.0.0/8 is all this
	 * machine's): the JDK's HTTP client cannot pick its local address.
	 * @return the answer's status line
	 */
	private String postFrom(String source, String authorization) throws Exception {
		byte[] body = orderEvent(unique("PO"), UUID.randomUUID().toString(), UUID.randomUUID().toString());
		SSLSocketFactory sockets = TestConnector.trusting(connector.dataDir().resolve("tls/localhost-cert.pem"))
			.getSocketFactory();
		try (Socket socket = sockets.createSocket(InetAddress.getByName("127.0.0.1"), this.port,
				InetAddress.getByName(source), 0)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /webhooks/tradecloud HTTP/1.1\r\nHost: localhost:" + this.port
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nAuthorization: "
					+ authorization + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
	}

	private HttpResponse<byte[]> storedBody(String id) throws Exception {
		return connector.https()
			.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/admin/events/" + id + "/body"))
				.header("Authorization", OPERATOR_BASIC)
				.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * A JSON body made {@code size} bytes long with white space before its last brace.
	 */
	private static byte[] padded(byte[] json, int size) {
		int end = new String(json, StandardCharsets.UTF_8).lastIndexOf('}');
		byte[] padded = new byte[size];
		System.arraycopy(json, 0, padded, 0, end);
		Arrays.fill(padded, end, size - (json.length - end), (byte) ' ');
		System.arraycopy(json, end, padded, size - (json.length - end), json.length - end);
		return padded;
	}

	private JsonNode latestRefused() throws Exception {
		JsonNode latest = adminJson("/admin/events?status=refused&size=1").get("events").get(0);
		return adminJson("/admin/events/" + latest.get("id").asText());
	}

	private long refusedCount() throws Exception {
		return adminJson("/admin/events?status=refused&size=1").get("total").asLong();
	}

	private static List<ErpDelivery> erpDeliveries(String po) {
		return simulator.erpAccepted().stream().filter((d) -> po.equals(d.purchaseOrderNumber())).toList();
	}

	@Test
	void aShipmentOfManyLinesEndsDeliveredWithAStepPerLine() throws Exception {
		// its steps come in many journal batches; the status is derived at most once a
		// second meanwhile, and once more when they stop coming
		String messageId = UUID.randomUUID().toString();
		assertThat(this.connector
			.post(this.port, TestConnector.shipmentWithLines(messageId, 250).getBytes(StandardCharsets.UTF_8),
					"application/json")
			.statusCode()).isEqualTo(202);

		JsonNode listed = awaitStatus(messageId, "delivered");
		JsonNode deliveries = adminJson("/admin/events/" + listed.get("id").asText()).get("deliveries");
		int lineFiles = 0;
		for (JsonNode step : deliveries) {
			if ("folder:shipment-lines".equals(step.get("target").asText())
					&& "ok".equals(step.get("outcome").asText())) {
				lineFiles++;
			}
		}
		// the 250 loose lines and the container line the event changed
		assertThat(lineFiles).isEqualTo(251);
	}

	private static JsonNode find(JsonNode deliveries, String target) {
		JsonNode found = null;
		for (JsonNode step : deliveries) {
			if (target.equals(step.get("target").asText())) {
				found = step;
			}
		}
		assertThat(found).as("a delivery to " + target + " in " + deliveries).isNotNull();
		return found;
	}

}
