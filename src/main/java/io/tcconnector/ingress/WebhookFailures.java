package io.tcconnector.ingress;

import io.tcconnector.delivery.DeliveryFailures;
import io.tcconnector.tradecloud.TradecloudUnavailableException;
import io.tcconnector.tradecloud.WebhookRejectedException;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;

/**
 * Tells which kind of failure a webhook route met, for the cases of
 * {@code webhook-answer-failure} in {@code routes/config/webhook-answers.camel.yaml}: the
 * body at fault, a time-out, the Tradecloud API or the ERP or another target unavailable,
 * the ERP refusing. The cause chain is searched, as {@link DeliveryFailures} does for
 * queued work.
 */
@Component("webhookFailures")
public class WebhookFailures {

	/**
	 * Whether the body or the request is at fault.
	 * @param exchange the failed exchange
	 * @return true for a {@link WebhookRejectedException}
	 */
	public boolean rejected(Exchange exchange) {
		return failure(exchange) instanceof WebhookRejectedException;
	}

	/**
	 * Whether the ERP did not answer in time.
	 * @param exchange the failed exchange
	 * @return true for a time-out of the ERP call
	 */
	public boolean erpTimedOut(Exchange exchange) {
		return timedOut(exchange) && erp(exchange);
	}

	/**
	 * Whether something did not answer in time.
	 * @param exchange the failed exchange
	 * @return true for a time-out anywhere in the cause chain
	 */
	public boolean timedOut(Exchange exchange) {
		return DeliveryFailures.isTimeout(failure(exchange));
	}

	/**
	 * Whether the Tradecloud API is temporarily unavailable.
	 * @param exchange the failed exchange
	 * @return true for a {@link TradecloudUnavailableException} in the cause chain
	 */
	public boolean tradecloudUnavailable(Exchange exchange) {
		return DeliveryFailures.find(failure(exchange), TradecloudUnavailableException.class) != null;
	}

	/**
	 * Whether the ERP is temporarily unavailable (5xx, 408, 429, refused connection).
	 * @param exchange the failed exchange
	 * @return true for a temporary failure of the ERP call
	 */
	public boolean erpUnavailable(Exchange exchange) {
		return temporary(exchange) && erp(exchange);
	}

	/**
	 * Whether a target is temporarily unavailable (a folder, the broker, the database).
	 * @param exchange the failed exchange
	 * @return true for a temporary failure
	 */
	public boolean temporary(Exchange exchange) {
		return DeliveryFailures.isTemporary(failure(exchange));
	}

	/**
	 * Whether the ERP refused the event for good (a 4xx).
	 * @param exchange the failed exchange
	 * @return true for a failure of the ERP call
	 */
	public boolean erp(Exchange exchange) {
		return DeliveryFailures.isHttpTarget(exchange, failure(exchange));
	}

	static Throwable failure(Exchange exchange) {
		Throwable failure = exchange.getException();
		return (failure != null) ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
	}

}
