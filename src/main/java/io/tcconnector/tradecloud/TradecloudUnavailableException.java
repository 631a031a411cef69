package io.tcconnector.tradecloud;

/**
 * The Tradecloud API is temporarily unavailable: a 5xx answer, a refused connection or a
 * time-out. Worth retrying.
 */
public class TradecloudUnavailableException extends RuntimeException {

	public TradecloudUnavailableException(String message) {
		super(message);
	}

	public TradecloudUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
