package io.tcconnector.ingress;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcconnector.delivery.DeduplicationRepository;
import io.tcconnector.delivery.DeliveryFailures;
import io.tcconnector.tradecloud.TradecloudHeaders;
import io.tcconnector.tradecloud.TradecloudUnavailableException;
import io.tcconnector.tradecloud.WebhookRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Writes the answer Tradecloud gets, and counts it: 202 stored on the broker (async), 200
 * delivered (sync) or a duplicate. Tradecloud retries only on a status above 500, so a
 * failure is classified: the body is at fault (4xx, never retried), the ERP (502, 504) or
 * another target (503, 504) is temporarily unavailable (retried), or processing failed
 * for good (500: not retried).
 */
@Component("webhookAnswers")
public class WebhookAnswers {

	private static final Logger log = LoggerFactory.getLogger(WebhookAnswers.class);

	private final MeterRegistry meters;

	private final DeduplicationRepository deduplication;

	private final JsonErrorWriter writer;

	public WebhookAnswers(MeterRegistry meters,
			@Qualifier("webhookDeduplication") DeduplicationRepository deduplication, JsonErrorWriter writer) {
		this.meters = meters;
		this.deduplication = deduplication;
		this.writer = writer;
	}

	/**
	 * Answers 200: every target has the event (acknowledge mode sync).
	 * @param exchange the exchange
	 */
	public void delivered(Exchange exchange) {
		answer(exchange.getMessage(), 200, "delivered");
	}

	/**
	 * Answers 202: the event is stored on the broker and will be delivered from there
	 * (acknowledge mode async).
	 * @param exchange the exchange
	 */
	public void accepted(Exchange exchange) {
		answer(exchange.getMessage(), 202, "accepted");
	}

	/**
	 * Answers a copy of an event seen before: 200 saying so when the event was taken; 503
	 * (retry later) while the first copy is still being taken, because that one may yet
	 * fail and then only Tradecloud's retry of it can bring the event.
	 * @param exchange the exchange of the copy
	 */
	public void duplicate(Exchange exchange) {
		Message message = exchange.getMessage();
		String key = message.getHeader(TradecloudHeaders.IDEMPOTENCY_KEY, String.class);
		if (this.deduplication.state(key) == DeduplicationRepository.State.TAKEN) {
			log.info("Duplicate {} message {} answered 200: it was taken before",
					message.getHeader(TradecloudHeaders.EVENT_NAME), key);
			answer(message, 200, "duplicate");
			return;
		}
		log.info("Copy of {} message {} answered 503: the first copy is still being taken",
				message.getHeader(TradecloudHeaders.EVENT_NAME), key);
		count(message, "in_progress");
		write(message, 503, JsonErrorWriter.body("in_progress",
				"this event is being taken right now by an earlier request; retry later"));
	}

	private void answer(Message message, int status, String outcome) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", outcome);
		answer.put("kind", message.getHeader(TradecloudHeaders.KIND));
		answer.put("eventName", message.getHeader(TradecloudHeaders.EVENT_NAME));
		answer.put("messageId", message.getHeader(TradecloudHeaders.MESSAGE_ID));
		if (message.getHeader(TradecloudHeaders.MESSAGE_ID) == null) {
			answer.put("idempotencyKey", message.getHeader(TradecloudHeaders.IDEMPOTENCY_KEY));
		}
		count(message, outcome);
		write(message, status, answer);
	}

	/**
	 * Answers the failure caught on the exchange with the status Tradecloud needs.
	 * @param exchange the exchange, with {@link Exchange#EXCEPTION_CAUGHT} set
	 */
	public void failed(Exchange exchange) {
		Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		Message message = exchange.getMessage();
		String event = describe(message);
		if (failure instanceof WebhookRejectedException rejected) {
			log.warn("Rejected webhook{}: {} {}", event, rejected.getStatus(), rejected.getMessage());
			count(message, "rejected");
			write(message, rejected.getStatus(), JsonErrorWriter.body(rejected.getError(), rejected.getMessage()));
			return;
		}
		boolean erp = DeliveryFailures.isHttpTarget(exchange, failure);
		String cause = DeliveryFailures.rootMessage(failure);
		if (DeliveryFailures.isTimeout(failure)) {
			log.warn("{} timed out for webhook{}: {}; answered 504 so Tradecloud retries", erp ? "The ERP" : "A target",
					event, cause);
			count(message, "unavailable");
			write(message, 504, JsonErrorWriter.body(erp ? "erp_timeout" : "target_timeout",
					(erp ? "the ERP" : "a target") + " timed out; the event was not taken, retry later"));
		}
		else if (DeliveryFailures.find(failure, TradecloudUnavailableException.class) != null) {
			log.warn("Tradecloud API unavailable for webhook{}: {}; answered 503 so Tradecloud retries", event, cause);
			count(message, "unavailable");
			write(message, 503, JsonErrorWriter.body("tradecloud_unavailable",
					"the Tradecloud API is temporarily unavailable; the event was not taken, retry later"));
		}
		else if (erp && DeliveryFailures.isTemporary(failure)) {
			log.warn("ERP unavailable for webhook{}: {}; answered 502 so Tradecloud retries", event, cause);
			count(message, "unavailable");
			write(message, 502, JsonErrorWriter.body("erp_unavailable",
					"the ERP is temporarily unavailable; the event was not taken, retry later"));
		}
		else if (DeliveryFailures.isTemporary(failure)) {
			log.warn("Target unavailable for webhook{}: {}; answered 503 so Tradecloud retries", event, cause);
			count(message, "unavailable");
			write(message, 503, JsonErrorWriter.body("target_unavailable",
					"a target is temporarily unavailable; the event was not taken, retry later"));
		}
		else if (erp) {
			log.error("The ERP refused webhook{}: {}; answered 500, Tradecloud will not retry", event, cause);
			count(message, "failed");
			write(message, 500, JsonErrorWriter.body("erp_refused", "the ERP refused the event: " + cause));
		}
		else {
			log.error("Processing failed for webhook{}; answered 500, Tradecloud will not retry", event, failure);
			count(message, "failed");
			write(message, 500, JsonErrorWriter.body("processing_failed", "the event could not be processed"));
		}
	}

	private static String describe(Message message) {
		Object name = message.getHeader(TradecloudHeaders.EVENT_NAME);
		Object id = message.getHeader(TradecloudHeaders.MESSAGE_ID);
		return (name == null && id == null) ? "" : " " + name + " message " + id;
	}

	private void count(Message message, String outcome) {
		Object kind = message.getHeader(TradecloudHeaders.KIND);
		Object eventName = message.getHeader(TradecloudHeaders.EVENT_NAME);
		this.meters
			.counter("tradecloud.webhooks", "kind", (kind != null) ? kind.toString() : "unknown", "eventName",
					(eventName != null) ? eventName.toString() : "unknown", "outcome", outcome)
			.increment();
	}

	private void write(Message message, int status, Map<String, Object> body) {
		this.writer.write(message, status, body);
	}

}
