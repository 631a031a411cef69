package io.tcconnector.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tcconnector.codec.Codecs;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailureHandledEvent;
import org.apache.camel.spi.CamelEvent.ExchangeRedeliveryEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;

/**
 * Counts and times every delivery to a target, from Camel's events: each message a route
 * sends to a folder, an outgoing queue, the ERP or the document download, by target
 * ({@code folder:orders}, {@code queue:tradecloud.orders}, {@code erp:orders},
 * {@code erp:shipments}, {@code documents}, ...) and outcome: {@code delivered}, a failed
 * attempt that is {@code retried} (by the connector, or by Tradecloud after a 5xx answer
 * in sync mode), {@code failed} for good in sync mode (answered 500), or
 * {@code dead-lettered}. It times each attempt, and measures how old the event is when a
 * target has it: since Tradecloud created it ({@code meta.createdDateTime}) or, without
 * that, since the connector received it. The pending queues and the dead-letter queue are
 * the connector's own, not targets.
 */
public class DeliveryMetrics extends ExchangeEventNotifier {

	private static final Duration LONGEST_AGE = Duration.ofHours(12);

	private final MeterRegistry meters;

	private final Set<String> ownQueues;

	/**
	 * The target each failure came from, by the failure itself: the error handler that
	 * retries or dead-letters an event sees the failure, not the send that failed (a
	 * shipment line's, in a split, wrapped by the split).
	 */
	private final Map<Throwable, String> failedTargets = Collections.synchronizedMap(new WeakHashMap<>());

	public DeliveryMetrics(MeterRegistry meters, TradecloudProperties.Targets targets) {
		this.meters = meters;
		this.ownQueues = Set.of(targets.eventsPendingQueue(), targets.erpPendingQueue(),
				targets.documentsPendingQueue(), targets.deadLetterQueue());
	}

	@Override
	public boolean isEnabled(CamelEvent event) {
		return event instanceof ExchangeSendingEvent || event instanceof ExchangeSentEvent
				|| event instanceof ExchangeRedeliveryEvent || event instanceof ExchangeFailureHandledEvent;
	}

	@Override
	public void notify(CamelEvent event) {
		if (event instanceof ExchangeSendingEvent sending) {
			rememberEventTime(sending.getExchange());
		}
		else if (event instanceof ExchangeSentEvent sent) {
			sent(sent);
		}
		else if (event instanceof ExchangeRedeliveryEvent redelivery) {
			count(failedTarget(redelivery.getExchange()), "retried");
		}
		else if (event instanceof ExchangeFailureHandledEvent handled && handled.isDeadLetterChannel()) {
			count(failedTarget(handled.getExchange()), "dead-lettered");
		}
	}

	/**
	 * Counts the target whose failure a webhook in sync mode is answered with: Tradecloud
	 * retries the event after a status above 500, not after a 500.
	 * @param exchange the exchange, with {@link Exchange#EXCEPTION_CAUGHT} set
	 * @param retried whether Tradecloud retries it
	 */
	public void answered(Exchange exchange, boolean retried) {
		String target = knownFailedTarget(exchange);
		if (target != null) {
			count(target, retried ? "retried" : "failed");
		}
	}

	private void sent(ExchangeSentEvent sent) {
		Exchange exchange = sent.getExchange();
		String target = targetOf(sent.getEndpoint(), exchange.getMessage());
		if (target == null) {
			return;
		}
		Exception failure = exchange.getException();
		Timer.builder("tradecloud.delivery.duration")
			.description("How long a delivery to a target took, by target and outcome")
			.tags("target", target, "outcome", (failure == null) ? "delivered" : "failed")
			.publishPercentileHistogram()
			.register(this.meters)
			.record(sent.getTimeTaken(), TimeUnit.MILLISECONDS);
		if (failure != null) {
			this.failedTargets.putIfAbsent(failure, target);
			return;
		}
		count(target, "delivered");
		Instant eventTime = exchange.getProperty(TradecloudHeaders.EVENT_TIME, Instant.class);
		if (eventTime != null) {
			Duration age = Duration.between(eventTime, Instant.now());
			Timer.builder("tradecloud.event.age")
				.description("How old an event is when a target has it: since Tradecloud created it, "
						+ "or since the connector received it")
				.tag("target", target)
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofMillis(10))
				.maximumExpectedValue(LONGEST_AGE)
				.register(this.meters)
				.record(age.isNegative() ? Duration.ZERO : age);
		}
	}

	private void count(String target, String outcome) {
		Counter.builder("tradecloud.deliveries")
			.description("Deliveries to a target by outcome: delivered, retried, failed (sync mode), dead-lettered")
			.tags("target", target, "outcome", outcome)
			.register(this.meters)
			.increment();
	}

	/**
	 * Keeps when the event was created (or received) on the exchange, while its
	 * {@code tradecloud*} headers are there: the ERP call goes without them.
	 */
	private static void rememberEventTime(Exchange exchange) {
		if (exchange.getProperty(TradecloudHeaders.EVENT_TIME) != null) {
			return;
		}
		Message message = exchange.getMessage();
		Instant time = Codecs.parseInstant(message.getHeader(TradecloudHeaders.CREATED_DATE_TIME, String.class));
		if (time == null) {
			time = Codecs.parseInstant(message.getHeader(TradecloudHeaders.RECEIVED_AT, String.class));
		}
		if (time != null) {
			exchange.setProperty(TradecloudHeaders.EVENT_TIME, time);
		}
	}

	/**
	 * The target whose failure is being retried or dead-lettered; the route's own work
	 * when no send failed (a body that could not be read).
	 */
	private String failedTarget(Exchange exchange) {
		String target = knownFailedTarget(exchange);
		if (target != null) {
			return target;
		}
		String route = exchange.getFromRouteId();
		if ("documents-download".equals(route)) {
			return "documents";
		}
		if ("erp-deliver".equals(route)) {
			return "erp";
		}
		return (route != null) ? "route:" + route : "unknown";
	}

	private String knownFailedTarget(Exchange exchange) {
		Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		if (failure == null) {
			failure = exchange.getException();
		}
		for (int depth = 0; failure != null && depth < 16; depth++, failure = failure.getCause()) {
			String target = this.failedTargets.get(failure);
			if (target != null) {
				return target;
			}
		}
		return null;
	}

	private String targetOf(Endpoint endpoint, Message message) {
		if (endpoint instanceof JmsEndpoint jms) {
			String queue = jms.getDestinationName();
			return this.ownQueues.contains(queue) ? null : "queue:" + queue;
		}
		String uri = endpoint.getEndpointBaseUri();
		if (uri.startsWith("file:")) {
			return folderTarget(uri);
		}
		if (uri.startsWith("http:") || uri.startsWith("https:")) {
			return (message.getHeader("Tradecloud-Shipment-Id") != null) ? "erp:shipments" : "erp:orders";
		}
		if (uri.startsWith("bean:") && uri.contains("documentDownloader")) {
			return "documents";
		}
		return null;
	}

}
