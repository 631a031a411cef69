package io.tcconnector.ingress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcconnector.tradecloud.TradecloudHeaders;
import io.tcconnector.tradecloud.TradecloudUnavailableException;
import io.tcconnector.tradecloud.WebhookRejectedException;
import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jms.JmsException;
import org.springframework.stereotype.Component;

/**
 * Writes the answer Tradecloud gets, and counts it. Tradecloud retries only on a status
 * above 500, so a failure is classified: the body is at fault (4xx, never retried), a
 * target is temporarily unavailable (503, or 504 on a time-out: retried), or processing
 * failed for good (500: not retried).
 */
@Component("webhookAnswers")
public class WebhookAnswers {

	private static final Logger log = LoggerFactory.getLogger(WebhookAnswers.class);

	private final ObjectMapper json = new ObjectMapper();

	private final MeterRegistry meters;

	public WebhookAnswers(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * Answers 200: every target has the event.
	 * @param exchange the exchange
	 */
	public void delivered(Exchange exchange) {
		Message message = exchange.getMessage();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", "delivered");
		answer.put("kind", message.getHeader(TradecloudHeaders.KIND));
		answer.put("eventName", message.getHeader(TradecloudHeaders.EVENT_NAME));
		answer.put("messageId", message.getHeader(TradecloudHeaders.MESSAGE_ID));
		count(message, "delivered");
		write(message, 200, answer);
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
		}
		else if (isTimeout(failure)) {
			log.warn("Target timed out for webhook{}: {}; answered 504 so Tradecloud retries", event,
					rootMessage(failure));
			count(message, "unavailable");
			write(message, 504,
					JsonErrorWriter.body("target_timeout", "a target timed out; the event was not taken, retry later"));
		}
		else if (causedBy(failure, TradecloudUnavailableException.class)) {
			log.warn("Tradecloud API unavailable for webhook{}: {}; answered 503 so Tradecloud retries", event,
					rootMessage(failure));
			count(message, "unavailable");
			write(message, 503, JsonErrorWriter.body("tradecloud_unavailable",
					"the Tradecloud API is temporarily unavailable; the event was not taken, retry later"));
		}
		else if (isTemporary(failure)) {
			log.warn("Target unavailable for webhook{}: {}; answered 503 so Tradecloud retries", event,
					rootMessage(failure));
			count(message, "unavailable");
			write(message, 503, JsonErrorWriter.body("target_unavailable",
					"a target is temporarily unavailable; the event was not taken, retry later"));
		}
		else {
			log.error("Processing failed for webhook{}; answered 500, Tradecloud will not retry", event, failure);
			count(message, "failed");
			write(message, 500, JsonErrorWriter.body("processing_failed", "the event could not be processed"));
		}
	}

	/**
	 * Whether a failure is one that goes away by itself (disk full, share or broker
	 * down): input/output and messaging failures, wherever in the cause chain.
	 */
	static boolean isTemporary(Throwable failure) {
		return causedBy(failure, IOException.class, UncheckedIOException.class,
				GenericFileOperationFailedException.class, JMSException.class, JmsException.class,
				TradecloudUnavailableException.class);
	}

	static boolean isTimeout(Throwable failure) {
		return causedBy(failure, SocketTimeoutException.class, HttpTimeoutException.class, TimeoutException.class);
	}

	@SafeVarargs
	private static boolean causedBy(Throwable failure, Class<? extends Throwable>... types) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			for (Class<? extends Throwable> type : types) {
				if (type.isInstance(cause)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
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
		message.removeHeaders("*");
		message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
		message.setHeader(Exchange.CONTENT_TYPE, "application/json");
		try {
			message.setBody(this.json.writeValueAsString(body));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
