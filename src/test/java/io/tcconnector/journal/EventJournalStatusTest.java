package io.tcconnector.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tcconnector.config.BoundProperties;
import io.tcconnector.tradecloud.WebhookParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event's status in the journal, from its delivery steps as the connector hands them
 * over: in whatever order they come, an event taken from the events queue is delivered
 * once its consumer finished it, not before.
 */
class EventJournalStatusTest {

	static final String EVENTS_QUEUE = "queue:tradecloud.pending.events";

	EventJournal journal;

	String messageId;

	@BeforeEach
	void start() throws Exception {
		SimpleDriverDataSource database = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		this.journal = new EventJournal(database, new WebhookParser(), BoundProperties.defaults().journal());
		this.journal.afterPropertiesSet();
		this.messageId = UUID.randomUUID().toString();
		String body = Files.readString(Path.of("src/test/resources/samples/order-event.json"))
			.replace("0b6f3a52-3f1e-4c8e-9a61-0c1d2e3f4a01", this.messageId);
		this.journal.offer(new JournalRecord.Request(Instant.now(), "127.0.0.1", "POST", "/webhooks/tradecloud",
				"Basic", "application/json", 202, "{\"status\":\"accepted\",\"messageId\":\"" + this.messageId + "\"}",
				body.getBytes(), body.length(), true));
	}

	@AfterEach
	void stop() throws Exception {
		this.journal.destroy();
	}

	@Test
	void anEventWhoseConsumerFinishedBeforeItsQueueStepWasJournaledIsDelivered() {
		// the consumer takes the event and finishes it while the webhook's thread still
		// waits to hear that the broker has it
		step("folder:orders", "ok");
		step("queue:tradecloud.orders", "ok");
		step(EventJournal.EVERY_TARGET, "ok");
		step(EVENTS_QUEUE, "queued");

		assertThat(statusOnceWritten()).isEqualTo("delivered");
		assertThat(this.journal.search(search()).get("events")).asList().hasSize(1);
	}

	@Test
	void anEventWhoseFirstTargetsHaveItButWhoseConsumerHasNotFinishedIsNotDeliveredYet() {
		step(EVENTS_QUEUE, "queued");
		step("folder:shipments", "ok");
		step("folder:shipment-lines", "ok");

		assertThat(statusOnceWritten()).isEqualTo("accepted");
		step(EventJournal.EVERY_TARGET, "ok");
		assertThat(statusOnceWritten()).isEqualTo("delivered");
	}

	@Test
	void anEventPutOnTheEventsQueueAgainIsNotDeliveredUntilItsConsumerFinishedItAgain() {
		step(EVENTS_QUEUE, "queued");
		step("folder:orders", "ok");
		step(EventJournal.EVERY_TARGET, "ok");
		assertThat(statusOnceWritten()).isEqualTo("delivered");

		// replayed by an operator: every target again
		step(EVENTS_QUEUE, "queued");
		assertThat(statusOnceWritten()).isEqualTo("accepted");
		step("folder:orders", "ok");
		step(EventJournal.EVERY_TARGET, "ok");
		assertThat(statusOnceWritten()).isEqualTo("delivered");
	}

	@Test
	void aShipmentWithThousandsOfLineStepsListsEachTargetOnceWithItsLatestOutcomeAndAttempts() {
		step(EVENTS_QUEUE, "queued");
		step("folder:shipments", "ok");
		for (int line = 0; line < 3000; line++) {
			step("folder:shipment-lines", "ok");
		}
		step("queue:tradecloud.shipment-lines", "failed");
		for (int line = 0; line < 3000; line++) {
			step("queue:tradecloud.shipment-lines", "ok");
		}

		assertThat(statusOnceWritten()).isEqualTo("accepted");
		assertThat(targets()).extracting((target) -> target.get("target"))
			.containsExactly(EVENTS_QUEUE, "folder:shipments", "folder:shipment-lines",
					"queue:tradecloud.shipment-lines");
		assertThat(targets().get(2)).containsEntry("outcome", "ok").containsEntry("attempts", 3000);
		assertThat(targets().get(3)).containsEntry("outcome", "ok").containsEntry("attempts", 3001);
		assertThat(Instant.parse((String) targets().get(3).get("at")))
			.isAfterOrEqualTo(Instant.parse((String) targets().get(1).get("at")));

		step("queue:tradecloud.shipment-lines", "failed");
		assertThat(statusOnceWritten()).isEqualTo("retrying");
		assertThat(targets().get(3)).containsEntry("outcome", "failed").containsEntry("attempts", 3002);
		step("queue:tradecloud.shipment-lines", "ok");
		step(EventJournal.EVERY_TARGET, "ok");
		assertThat(statusOnceWritten()).isEqualTo("delivered");
		assertThat(targets()).hasSize(4);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> targets() {
		List<Map<String, Object>> events = (List<Map<String, Object>>) this.journal.search(search()).get("events");
		return (List<Map<String, Object>>) events.get(0).get("targets");
	}

	private void step(String target, String outcome) {
		this.journal.offer(new JournalRecord.Delivery(this.messageId, Instant.now(), target, outcome, null, null, null,
				null, null));
	}

	/** The event's status once the journal has written and derived what it was given. */
	private String statusOnceWritten() {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this.journal::idle);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> events = (List<Map<String, Object>>) this.journal.search(search()).get("events");
		assertThat(events).hasSize(1);
		return (String) events.get(0).get("status");
	}

	private EventJournal.Search search() {
		return new EventJournal.Search(this.messageId, null, null, null, null, null, 0, 10);
	}

}
