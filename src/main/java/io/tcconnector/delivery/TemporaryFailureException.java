package io.tcconnector.delivery;

/**
 * A failure that goes away by itself, whatever it wraps: work taken from a queue is tried
 * again, a webhook is answered with a status above 500 so that Tradecloud retries it.
 */
public class TemporaryFailureException extends RuntimeException {

	public TemporaryFailureException(String message, Throwable cause) {
		super(message, cause);
	}

}
