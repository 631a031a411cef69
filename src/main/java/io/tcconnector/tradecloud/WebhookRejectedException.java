package io.tcconnector.tradecloud;

/**
 * A webhook body the connector cannot take, whatever the state of its targets: answered
 * with a 4xx status and never retried.
 */
public class WebhookRejectedException extends RuntimeException {

	private final int status;

	private final String error;

	/**
	 * A rejection.
	 * @param status the HTTP status to answer (400, 413, 415)
	 * @param error a short machine-readable reason
	 * @param detail what was wrong, for the integrator reading the answer
	 */
	public WebhookRejectedException(int status, String error, String detail) {
		super(detail);
		this.status = status;
		this.error = error;
	}

	public int getStatus() {
		return this.status;
	}

	public String getError() {
		return this.error;
	}

	static WebhookRejectedException badRequest(String detail) {
		return new WebhookRejectedException(400, "bad_request", detail);
	}

	public static WebhookRejectedException unsupportedMediaType(String contentType) {
		return new WebhookRejectedException(415, "unsupported_media_type",
				"Content-Type " + contentType + " is neither JSON nor XML");
	}

}
