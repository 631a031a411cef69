package io.tcconnector.tradecloud;

/**
 * The Tradecloud API refused a request for good: unknown (404), or not allowed even after
 * a fresh login (401, 403). Retrying does not help.
 */
public class TradecloudRejectedException extends RuntimeException {

	private final int status;

	public TradecloudRejectedException(int status, String message) {
		super(message);
		this.status = status;
	}

	/**
	 * The HTTP status Tradecloud answered.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

}
