package io.tcconnector.ingress;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcconnector.delivery.DeduplicationRepository;
import io.tcconnector.delivery.DeliveryFailures;
import io.tcconnector.monitoring.DeliveryMetrics;
import io.tcconnector.tradecloud.TradecloudHeaders;
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

	private final DeliveryMetrics deliveries;

	public WebhookAnswers(MeterRegistry meters,
			@Qualifier("webhookDeduplication") DeduplicationRepository deduplication, JsonErrorWriter writer,
			DeliveryMetrics deliveries) {
		this.meters = meters;
		this.deduplication = deduplication;
		this.writer = writer;
		this.deliveries = deliveries;
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
	 * Answers a request the body or the request is at fault for with the status and error
	 * of its {@link WebhookRejectedException} (4xx: Tradecloud does not retry it).
	 * @param exchange the exchange, with {@link Exchange#EXCEPTION_CAUGHT} set
	 */
	public void rejected(Exchange exchange) {
		WebhookRejectedException rejected = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
				WebhookRejectedException.class);
		Message message = exchange.getMessage();
		log.warn("Rejected webhook{}: {} {}", describe(message), rejected.getStatus(), rejected.getMessage());
		count(message, "rejected");
		write(message, rejected.getStatus(), JsonErrorWriter.body(rejected.getError(), rejected.getMessage()));
	}

	/**
	 * Answers a failure with a status and an error: above 500 Tradecloud retries the
	 * event, 500 it does not.
	 * @param exchange the exchange, with {@link Exchange#EXCEPTION_CAUGHT} set
	 * @param status the status
	 * @param error the error code of the body
	 * @param detail the detail of the body
	 */
	public void failed(Exchange exchange, int status, String error, String detail) {
		Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		Message message = exchange.getMessage();
		if (status > 500) {
			log.warn("Webhook{} answered {} {} so Tradecloud retries: {}", describe(message), status, error,
					DeliveryFailures.rootMessage(failure));
			count(message, "unavailable");
		}
		else {
			log.error("Webhook{} answered {} {}, Tradecloud will not retry", describe(message), status, error, failure);
			count(message, "failed");
		}
		this.deliveries.answered(exchange, status > 500);
		write(message, status, JsonErrorWriter.body(error, detail));
	}

	/**
	 * Answers the ERP's refusal of an event (a 4xx) with a status and an error, the ERP's
	 * answer appended to the detail.
	 * @param exchange the exchange, with {@link Exchange#EXCEPTION_CAUGHT} set
	 * @param status the status
	 * @param error the error code of the body
	 * @param detail the detail of the body, before {@code ": "} and the ERP's answer
	 */
	public void refused(Exchange exchange, int status, String error, String detail) {
		String cause = DeliveryFailures.rootMessage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
		Message message = exchange.getMessage();
		log.error("The ERP refused webhook{}: {}; answered {} {}, Tradecloud will not retry", describe(message), cause,
				status, error);
		count(message, "failed");
		this.deliveries.answered(exchange, false);
		write(message, status, JsonErrorWriter.body(error, detail + ": " + cause));
	}

	/**
	 * Answers 404 for a GET webhook of a kind the connector does not fetch, as Spring
	 * answers an unknown path.
	 * @param exchange the exchange of the GET webhook
	 */
	public void notFound(Exchange exchange) {
		Message message = exchange.getMessage();
		write(message, 404, JsonErrorWriter.body("not_found", "Not Found: " + message.getHeader(Exchange.HTTP_URI)));
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
