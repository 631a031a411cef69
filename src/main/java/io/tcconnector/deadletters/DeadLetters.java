package io.tcconnector.deadletters;

import java.time.Instant;

import io.tcconnector.delivery.DeliveryFailures;
import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Marks work that failed for good for the dead-letter queue: the message stays exactly as
 * it was taken from its queue (body and {@code tradecloud*} headers), with the reason,
 * where it failed and the queue it is replayed to.
 */
@Component("deadLetters")
public class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	/**
	 * Sets the dead-letter headers and drops the broker's own headers.
	 * @param exchange the failed exchange, its message the original one, with
	 * {@link Exchange#EXCEPTION_CAUGHT} set
	 */
	public void describe(Exchange exchange) {
		Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		Message message = exchange.getMessage();
		String reason = DeliveryFailures.rootMessage(failure);
		String type = DeliveryFailures.isTemporary(failure) ? "retries-exhausted" : "functional";
		String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class);
		String origin = (exchange.getFromEndpoint() instanceof JmsEndpoint jms) ? jms.getDestinationName() : null;
		message.removeHeaders("JMS*");
		message.removeHeaders("_AMQ*");
		message.setHeader(TradecloudHeaders.FAILURE_REASON, reason);
		message.setHeader(TradecloudHeaders.FAILURE_TYPE, type);
		message.setHeader(TradecloudHeaders.FAILED_ROUTE, route);
		message.setHeader(TradecloudHeaders.FAILED_AT, Instant.now().toString());
		message.setHeader(TradecloudHeaders.ORIGIN_QUEUE, origin);
		log.warn("Dead letter ({}) from route {}: {} message {} order {} shipment {}: {}", type, route,
				message.getHeader(TradecloudHeaders.EVENT_NAME), message.getHeader(TradecloudHeaders.MESSAGE_ID),
				message.getHeader(TradecloudHeaders.PURCHASE_ORDER_NUMBER),
				message.getHeader(TradecloudHeaders.SHIPMENT_ID), reason);
	}

}
