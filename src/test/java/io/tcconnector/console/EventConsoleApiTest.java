package io.tcconnector.console;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcconnector.journal.EventJournal;
import io.tcconnector.simulator.ErpDelivery;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The journal's JSON API over real HTTPS: every webhook request is journaled with its
 * answer and delivery steps, found by each search key and filter, paged newest first;
 * refused requests are journaled (bounded per source); actions need the CSRF token;
 * replay reaches the ERP with the same Idempotency-Key; old records are purged.
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
		assertThat(connector.post(this.port, body, "application/json").statusCode()).isEqualTo(202);

		JsonNode summary = awaitStatus(po, "delivered");
		String id = summary.get("id").asText();
		assertThat(summary.get("targets").findValuesAsText("target")).contains("folder:orders",
				"queue:tradecloud.orders", "erp");
		JsonNode event = adminJson("/admin/events/" + id);
		assertThat(event.get("request").get("method").asText()).isEqualTo("POST");
		assertThat(event.get("request").get("authScheme").asText()).isEqualTo("Basic");
		assertThat(event.toString()).doesNotContain(TestConnector.PASSWORD);
		assertThat(event.get("answer").get("status").asInt()).isEqualTo(202);
		JsonNode erp = find(event.get("deliveries"), "erp");
		assertThat(erp.get("outcome").asText()).isEqualTo("ok");
		assertThat(erp.get("statusCode").asInt()).isBetween(200, 299);
		assertThat(erp.get("attempt").asInt()).isEqualTo(1);
		assertThat(find(event.get("deliveries"), "folder:orders").get("file").asText()).contains(po);

		HttpResponse<byte[]> stored = connector.https()
			.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create("https://localhost:" + this.port + "/admin/events/" + id + "/body"))
				.header("Authorization", OPERATOR_BASIC)
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(stored.statusCode()).isEqualTo(200);
		assertThat(stored.body()).isEqualTo(body);

		// the same event again: a duplicate, journaled as such
		assertThat(connector.post(this.port, body, "application/json").statusCode()).isEqualTo(200);
		JsonNode duplicates = awaitEvents("q=" + po + "&status=duplicate", 1);
		assertThat(duplicates.get("events").get(0).get("messageId").asText()).isEqualTo(messageId);
	}

	@Test
	void filtersByStatusKindAndEventName() throws Exception {
		String po = unique("PO");
		assertThat(connector
			.post(this.port, orderEvent(po, UUID.randomUUID().toString(), UUID.randomUUID().toString()),
					"application/json")
			.statusCode()).isEqualTo(202);
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
	void refusedRequestsAreJournaledBoundedPerSource() throws Exception {
		long before = refusedCount();
		HttpResponse<String> refused = connector.send(this.port, "POST", "/webhooks/tradecloud",
				"{\"eventName\":\"x\"}".getBytes(), "application/json", TestConnector.basic("tradecloud", "wrong"));
		assertThat(refused.statusCode()).isEqualTo(401);
		await().atMost(Duration.ofSeconds(10)).until(() -> refusedCount() > before);
		JsonNode latest = adminJson("/admin/events?status=refused&size=1").get("events").get(0);
		JsonNode event = adminJson("/admin/events/" + latest.get("id").asText());
		assertThat(event.get("answer").get("status").asInt()).isEqualTo(401);
		assertThat(event.get("answer").get("reason").asText()).isNotBlank();
		assertThat(event.get("request").get("authScheme").asText()).isEqualTo("Basic");
		assertThat(event.get("request").get("path").asText()).isEqualTo("/webhooks/tradecloud");

		HttpResponse<String> unsupported = connector.send(this.port, "POST", "/webhooks/tradecloud", "hello".getBytes(),
				"text/plain", TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD));
		assertThat(unsupported.statusCode()).isEqualTo(415);

		// a flood: at most refused-per-minute (5) per source and minute, twice that
		// across a minute's end
		long flood = refusedCount();
		for (int i = 0; i < 30; i++) {
			connector.send(this.port, "POST", "/webhooks/tradecloud", null, "application/json", null);
		}
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(this.journal::idle);
		assertThat(refusedCount() - flood).isLessThanOrEqualTo(10);
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
			assertThat(connector
				.post(this.port, orderEvent(po, UUID.randomUUID().toString(), UUID.randomUUID().toString()),
						"application/json")
				.statusCode()).isEqualTo(202);
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

	@Test
	void theConsoleIsServedWithAContentSecurityPolicy() {
		HttpResponse<String> page = connector.send(this.port, "GET", "/console/index.html", null, null, null);
		assertThat(page.statusCode()).isEqualTo(200);
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline");
		assertThat(page.body()).contains("<script src=\"console.js\" defer></script>").doesNotContain("onclick");
		assertThat(connector.send(this.port, "GET", "/console", null, null, null).statusCode()).isEqualTo(302);
	}

	private long refusedCount() throws Exception {
		return adminJson("/admin/events?status=refused&size=1").get("total").asLong();
	}

	private static List<ErpDelivery> erpDeliveries(String po) {
		return simulator.erpAccepted().stream().filter((d) -> po.equals(d.purchaseOrderNumber())).toList();
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
