package io.tcconnector.tradecloud;

/**
 * The wire format of a webhook body.
 */
public enum EventFormat {

	/** {@code application/json}. */
	JSON("json"),

	/** tXML, {@code application/xml}. */
	XML("xml");

	private final String extension;

	EventFormat(String extension) {
		this.extension = extension;
	}

	/**
	 * File name extension, also the value of the {@code tradecloudFormat} header.
	 * @return {@code json} or {@code xml}
	 */
	public String extension() {
		return this.extension;
	}

}
