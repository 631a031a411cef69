package io.tcconnector.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.tcconnector.codec.Codecs;
import io.tcconnector.tradecloud.TradecloudEvent;
import io.tcconnector.tradecloud.TradecloudHeaders;
import io.tcconnector.tradecloud.WebhookRejectedException;
import io.tcconnector.tradecloud.WebhookParser;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.converter.stream.InputStreamCache;

import org.springframework.stereotype.Component;

/**
 * Turns an incoming webhook request into an exchange the routes can work with: the body
 * stays the bytes as received, the event is recognised, and the {@code tradecloud*}
 * headers are set. Inbound HTTP headers (credentials among them) are dropped so that no
 * target ever sees them.
 */
@Component("webhookIntake")
public class WebhookIntake {

	private final WebhookParser parser;

	private final AtomicLong lastArrivalMicros = new AtomicLong();

	public WebhookIntake(WebhookParser parser) {
		this.parser = parser;
	}

	/**
	 * Recognises the webhook body of the exchange.
	 * @param exchange the exchange from the HTTP endpoint
	 */
	public void recognise(Exchange exchange) {
		Message message = exchange.getMessage();
		// a large body is spooled to disk by Camel's stream caching: read it as a stream
		StreamCache body = message.getBody(StreamCache.class);
		if (body == null && message.getBody() instanceof byte[] bytes) {
			body = new InputStreamCache(bytes);
		}
		if (body == null) {
			throw new WebhookRejectedException(400, "bad_request", "empty body");
		}
		TradecloudEvent event;
		try {
			InputStream stream = (body instanceof InputStream in) ? in : message.getBody(InputStream.class);
			event = this.parser.recognise(stream, message.getHeader(Exchange.CONTENT_TYPE, String.class));
		}
		finally {
			body.reset();
		}
		message.removeHeaders("*");
		message.setBody(body);
		exchange.setProperty(TradecloudHeaders.EVENT, event);
		exchange.setProperty(Exchange.CHARSET_NAME, event.charset().name());
		message.setHeader(TradecloudHeaders.KIND, event.kind().field());
		message.setHeader(TradecloudHeaders.FORMAT, event.format().extension());
		message.setHeader(TradecloudHeaders.EVENT_NAME, event.eventName());
		message.setHeader(TradecloudHeaders.MESSAGE_ID, event.messageId());
		message.setHeader(TradecloudHeaders.ORDER_ID, event.orderId());
		message.setHeader(TradecloudHeaders.PURCHASE_ORDER_NUMBER, event.purchaseOrderNumber());
		message.setHeader(TradecloudHeaders.SHIPMENT_ID, event.shipmentId());
		message.setHeader(TradecloudHeaders.SHIPMENT_NUMBER, event.shipmentNumber());
		message.setHeader(TradecloudHeaders.EVENT_FIELD, event.field());
		message.setHeader(TradecloudHeaders.RECEIVED_AT, nextArrival().toString());
		if (event.createdDateTime() != null) {
			message.setHeader(TradecloudHeaders.CREATED_DATE_TIME, event.createdDateTime());
		}
		message.setHeader(TradecloudHeaders.CHARSET, event.charset().name());
		message.setHeader(TradecloudHeaders.IDEMPOTENCY_KEY,
				(event.messageId() != null) ? event.messageId() : bodyHash(body));
		message.setHeader(TradecloudHeaders.ORDERING_KEY, orderingKey(event, message));
	}

	/**
	 * What keeps events in order: the events of one order, or of one shipment, are
	 * delivered one after the other; events without either stand alone.
	 */
	private static String orderingKey(TradecloudEvent event, Message message) {
		if (event.orderId() != null) {
			return "order:" + event.orderId();
		}
		if (event.shipmentId() != null) {
			return "shipment:" + event.shipmentId();
		}
		return "message:" + message.getHeader(TradecloudHeaders.IDEMPOTENCY_KEY, String.class);
	}

	/**
	 * The de-duplication key of a body without a message id: its SHA-256, so that the
	 * same body sent again is recognised.
	 */
	private static String bodyHash(StreamCache body) {
		try {
			MessageDigest sha256 = Codecs.sha256();
			body.reset();
			body.writeTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
			return "sha256:" + Codecs.hex(sha256.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			body.reset();
		}
	}

	/**
	 * The arrival time, in microseconds and strictly increasing within this process, so
	 * that names derived from it are unique and sort by arrival.
	 */
	private Instant nextArrival() {
		Instant now = Instant.now();
		long arrival = this.lastArrivalMicros.accumulateAndGet(Codecs.micros(now),
				(last, next) -> Math.max(last + 1, next));
		return Codecs.fromMicros(arrival);
	}

}
