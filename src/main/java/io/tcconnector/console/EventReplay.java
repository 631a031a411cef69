package io.tcconnector.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.deadletters.DeadLetterAdmin;
import io.tcconnector.ingress.WebhookIntake;
import io.tcconnector.journal.EventJournal;
import io.tcconnector.journal.EventJournal.StoredBody;
import io.tcconnector.journal.JournalRecord;
import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Puts a journaled event back on the events queue (every target again) or on the ERP
 * queue only, recognised from its body as received: the same headers, the same
 * Idempotency-Key for the ERP. An event waiting on the dead-letter queue is replayed by
 * moving its dead letter back to the queue it failed from instead, so that it is not
 * replayed twice. Every replay is journaled with who asked and when.
 */
@Component
public class EventReplay {

	private static final Logger log = LoggerFactory.getLogger(EventReplay.class);

	private final EventJournal journal;

	private final WebhookIntake intake;

	private final CamelContext camel;

	private final ProducerTemplate producer;

	private final TradecloudProperties.Targets targets;

	private final DeadLetterAdmin deadLetters;

	public EventReplay(EventJournal journal, WebhookIntake intake, CamelContext camel, TradecloudProperties properties,
			DeadLetterAdmin deadLetters) {
		this.deadLetters = deadLetters;
		this.journal = journal;
		this.intake = intake;
		this.camel = camel;
		this.producer = camel.createProducerTemplate();
		this.targets = properties.targets();
	}

	/**
	 * Replays an event.
	 * @param id the journal id
	 * @param target {@code erp} for the ERP only, anything else for every target
	 * @param actor who asked
	 * @return the outcome: replayed, or why not
	 */
	public Outcome replay(String id, String target, String actor) {
		boolean erpOnly = "erp".equalsIgnoreCase(target);
		String where = erpOnly ? "erp" : "all";
		StoredBody body = this.journal.body(id);
		Outcome outcome;
		if (this.journal.event(id) == null) {
			return new Outcome(404, "not_found", "no event with id " + id);
		}
		String deadLetter = deadLetterOf(id);
		if (deadLetter != null) {
			// the dead letter itself goes back to the queue it failed from (one
			// transaction):
			// it is not left waiting to be replayed a second time
			Map<String, Object> replayed = this.deadLetters.replay(deadLetter);
			outcome = replayed.containsKey("error")
					? new Outcome(409, "not_found", String.valueOf(replayed.get("detail")))
					: new Outcome(200, "replayed", "dead letter " + deadLetter + " put back on its queue");
			where = "dead-letter";
		}
		else if (body == null || !body.complete()) {
			outcome = new Outcome(409, "no_body", "the journal does not hold this event's whole body");
		}
		else {
			outcome = send(body, erpOnly);
		}
		this.journal.writeAction(new JournalRecord.Action(id, Instant.now(), actor, "replay", where,
				outcome.status() == 200 ? "replayed" : outcome.detail()));
		log.info("Operator {} replayed journal event {} to {}: {}", actor, id, where, outcome.detail());
		return outcome;
	}

	/**
	 * The dead letter waiting for this event, if any.
	 */
	@SuppressWarnings("unchecked")
	private String deadLetterOf(String id) {
		String key = this.journal.messageKey(id);
		if (key == null) {
			return null;
		}
		List<Map<String, Object>> letters = (List<Map<String, Object>>) this.deadLetters.list().get("deadLetters");
		for (Map<String, Object> letter : letters) {
			Map<String, Object> headers = (Map<String, Object>) letter.get("headers");
			if (headers != null && key.equals(headers.get(TradecloudHeaders.IDEMPOTENCY_KEY))) {
				return (String) letter.get("id");
			}
		}
		return null;
	}

	private Outcome send(StoredBody body, boolean erpOnly) {
		Exchange exchange = new DefaultExchange(this.camel);
		exchange.getMessage().setBody(body.bytes());
		exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, body.contentType());
		try {
			this.intake.recognise(exchange);
		}
		catch (RuntimeException ex) {
			return new Outcome(409, "unreadable", "the stored body is not an event: " + ex.getMessage());
		}
		if (erpOnly && "other".equals(exchange.getMessage().getHeader(TradecloudHeaders.KIND))) {
			return new Outcome(409, "no_erp", "events of this kind do not go to the ERP");
		}
		exchange.getMessage().setBody(body.bytes());
		exchange.getMessage().setHeader("JMSXGroupID", exchange.getMessage().getHeader(TradecloudHeaders.ORDERING_KEY));
		String queue = erpOnly ? this.targets.erpPendingQueue() : this.targets.eventsPendingQueue();
		this.producer.send("jms:queue:" + queue + "?exchangePattern=InOnly&jmsMessageType=Bytes", exchange);
		if (exchange.getException() != null) {
			return new Outcome(503, "unavailable",
					"the broker did not take it: " + exchange.getException().getMessage());
		}
		return new Outcome(200, "replayed", "put back on " + queue);
	}

	/**
	 * How a replay went.
	 *
	 * @param status the HTTP status to answer
	 * @param error a short code
	 * @param detail what happened
	 */
	public record Outcome(int status, String error, String detail) {

	}

}
