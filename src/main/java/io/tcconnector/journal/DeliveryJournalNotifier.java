package io.tcconnector.journal;

import java.time.Instant;

import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.monitoring.ExchangeEventNotifier;
import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;

/**
 * Journals every delivery step: each message a route sends to a folder, a queue or the
 * ERP (Camel's ExchangeSent event), with its outcome, the ERP's status code, the time it
 * took, the reason it failed and the file written, keyed by the event's idempotency key.
 * A step to the dead-letter queue is journaled as the event dead-lettered, with the
 * reason. When an event taken from the events queue has been delivered to every target
 * (its exchange completed without a failure), a last step says so: until then the event
 * is not shown as delivered, however many of its steps went well. It only hands a small
 * record to the journal's queue: delivery never waits.
 */
public class DeliveryJournalNotifier extends ExchangeEventNotifier {

	private final EventJournal journal;

	private final TradecloudProperties.Targets targets;

	public DeliveryJournalNotifier(EventJournal journal, TradecloudProperties.Targets targets) {
		this.journal = journal;
		this.targets = targets;
		setIgnoreExchangeFailedEvents(true);
		setIgnoreExchangeRedeliveryEvents(true);
		setIgnoreExchangeCompletedEvent(false);
	}

	@Override
	public boolean isEnabled(CamelEvent event) {
		// Camel reports a send as sent only when its sending was taken
		return event instanceof ExchangeSentEvent || event instanceof CamelEvent.ExchangeSendingEvent
				|| event instanceof ExchangeCompletedEvent;
	}

	@Override
	public void notify(CamelEvent event) {
		if (event instanceof ExchangeCompletedEvent completed) {
			delivered(completed.getExchange());
			return;
		}
		if (!(event instanceof ExchangeSentEvent)) {
			return;
		}
		ExchangeSentEvent sent = (ExchangeSentEvent) event;
		Exchange exchange = sent.getExchange();
		Message message = exchange.getMessage();
		String key = keyOf(message);
		if (key == null) {
			return;
		}
		Endpoint endpoint = sent.getEndpoint();
		String target = targetOf(endpoint);
		if (target == null) {
			return;
		}
		Exception failure = exchange.getException();
		String outcome = (failure != null) ? "failed" : "ok";
		String error = (failure != null) ? failure.getClass().getSimpleName() + ": " + failure.getMessage() : null;
		Integer statusCode = null;
		String file = null;
		String document = null;
		if (target.equals("erp")) {
			statusCode = (failure instanceof HttpOperationFailedException http) ? http.getStatusCode()
					: message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
		}
		else if (target.startsWith("folder:") && failure == null) {
			file = message.getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
		}
		else if (target.equals("queue:" + this.targets.deadLetterQueue())) {
			target = "dead-letter";
			outcome = "dead-lettered";
			error = message.getHeader(TradecloudHeaders.FAILURE_REASON, String.class);
		}
		else if (target.equals("queue:" + this.targets.documentsQueue())) {
			target = "document";
			file = message.getHeader(TradecloudHeaders.DOCUMENT_PATH, String.class);
			document = (failure == null) ? message.getBody(String.class) : null;
		}
		else if (isPending(target)) {
			outcome = (failure != null) ? "failed" : "queued";
		}
		this.journal.offer(new JournalRecord.Delivery(key, Instant.now(), target, outcome, statusCode,
				sent.getTimeTaken(), error, file, document));
	}

	/**
	 * The last step of an event taken from the events queue: every target has it. Only
	 * the exchange the queue consumer took counts (not the parts a split made of it), and
	 * only when it completed without a failure (a failed one is tried again).
	 */
	private void delivered(Exchange exchange) {
		if (exchange.isFailed() || exchange.isRollbackOnly()
				|| exchange.getProperty(ExchangePropertyKey.SPLIT_INDEX) != null
				|| !(exchange.getFromEndpoint() instanceof JmsEndpoint from)
				|| !from.getDestinationName().equals(this.targets.eventsPendingQueue())) {
			return;
		}
		String key = keyOf(exchange.getMessage());
		if (key != null) {
			this.journal.offer(new JournalRecord.Delivery(key, Instant.now(), EventJournal.EVERY_TARGET, "ok", null,
					null, null, null, null));
		}
	}

	private static String keyOf(Message message) {
		String key = message.getHeader(TradecloudHeaders.IDEMPOTENCY_KEY, String.class);
		if (key == null) {
			key = message.getHeader("Idempotency-Key", String.class);
		}
		if (key == null) {
			key = message.getHeader(TradecloudHeaders.MESSAGE_ID, String.class);
		}
		return key;
	}

	private boolean isPending(String target) {
		return target.equals("queue:" + this.targets.eventsPendingQueue())
				|| target.equals("queue:" + this.targets.erpPendingQueue())
				|| target.equals("queue:" + this.targets.documentsPendingQueue());
	}

	private static String targetOf(Endpoint endpoint) {
		if (endpoint instanceof JmsEndpoint jms) {
			return "queue:" + jms.getDestinationName();
		}
		String uri = endpoint.getEndpointBaseUri();
		if (uri.startsWith("file:")) {
			return folderTarget(uri);
		}
		if (uri.startsWith("http:") || uri.startsWith("https:")) {
			return "erp";
		}
		return null;
	}

}
