package io.tcconnector.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.tradecloud.TradecloudUnavailableException;
import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.http.base.HttpOperationFailedException;

import org.springframework.jms.JmsException;
import org.springframework.stereotype.Component;

/**
 * Tells a temporary failure (a target down, full or slow: retrying helps) from a
 * functional one (the event or the target's answer is at fault: retrying does not), and
 * decides, as the retry predicate of the routes that take work from a queue, whether it
 * is tried again. A webhook's own request is never retried by the connector: Tradecloud
 * retries it when it is answered with a status above 500.
 */
@Component("deliveryFailures")
public class DeliveryFailures implements Predicate {

	private final int maxRetries;

	public DeliveryFailures(TradecloudProperties properties) {
		this.maxRetries = properties.delivery().maxRetries();
	}

	/**
	 * Whether a failed step of queued work is tried again: the failure is temporary and
	 * the retries are not used up.
	 * @param exchange the failed exchange
	 * @return true to retry after the back-off
	 */
	@Override
	public boolean matches(Exchange exchange) {
		int retries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
		return retries <= this.maxRetries
				&& isTemporary(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
	}

	/**
	 * Whether a failure goes away by itself: a folder, the broker, the database, the
	 * Tradecloud API or an HTTP target unavailable or slow (5xx, 408, 429, refused, timed
	 * out), wherever in the cause chain.
	 * @param failure the failure
	 * @return true when retrying may help
	 */
	public static boolean isTemporary(Throwable failure) {
		if (failure == null) {
			return false;
		}
		if (find(failure, TemporaryFailureException.class) != null) {
			return true;
		}
		HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
		if (http != null) {
			return isTemporaryStatus(http.getStatusCode());
		}
		return causedBy(failure, IOException.class, UncheckedIOException.class,
				GenericFileOperationFailedException.class, JMSException.class, JmsException.class,
				TradecloudUnavailableException.class, org.springframework.dao.TransientDataAccessException.class,
				org.springframework.dao.DataAccessResourceFailureException.class,
				org.springframework.jdbc.CannotGetJdbcConnectionException.class, TimeoutException.class);
	}

	/**
	 * Whether an HTTP status means "try again later".
	 * @param status the status an HTTP target answered
	 * @return true for 5xx, 408 and 429
	 */
	public static boolean isTemporaryStatus(int status) {
		return status >= 500 || status == 408 || status == 429;
	}

	/**
	 * Whether a failure is a time-out.
	 * @param failure the failure
	 * @return true when something did not answer in time
	 */
	public static boolean isTimeout(Throwable failure) {
		return causedBy(failure, SocketTimeoutException.class, HttpTimeoutException.class, TimeoutException.class);
	}

	/**
	 * Whether a failure came from an HTTP target (the ERP): its answer, or no answer.
	 * @param exchange the failed exchange
	 * @param failure the failure
	 * @return true when the endpoint that failed is an http(s) endpoint
	 */
	public static boolean isHttpTarget(Exchange exchange, Throwable failure) {
		if (find(failure, HttpOperationFailedException.class) != null) {
			return true;
		}
		String endpoint = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);
		return endpoint != null && (endpoint.startsWith("http:") || endpoint.startsWith("https:"));
	}

	/**
	 * The innermost message of a failure, for logs and dead letters.
	 * @param failure the failure
	 * @return {@code SimpleName: message} of the root cause
	 */
	public static String rootMessage(Throwable failure) {
		if (failure == null) {
			return "unknown";
		}
		HttpOperationFailedException http = find(failure, HttpOperationFailedException.class);
		if (http != null) {
			return "HTTP " + http.getStatusCode() + " from " + http.getUri();
		}
		Throwable described = null;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause.getClass().getPackageName().startsWith("io.tcconnector")) {
				// the connector's own failures say best what went wrong
				return cause.getClass().getSimpleName() + ": " + cause.getMessage();
			}
			if (cause.getMessage() != null) {
				described = cause;
			}
		}
		Throwable root = (described != null) ? described : failure;
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	@SafeVarargs
	static boolean causedBy(Throwable failure, Class<? extends Throwable>... types) {
		for (Class<? extends Throwable> type : types) {
			if (find(failure, type) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The first failure of a type in the cause chain.
	 * @param <T> the type
	 * @param failure the failure
	 * @param type the type
	 * @return the failure, or null
	 */
	public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
