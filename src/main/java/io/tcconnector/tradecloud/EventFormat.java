package io.tcconnector.tradecloud;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

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
	 * The format a Content-Type announces.
	 * @param contentType a Content-Type header value, not blank
	 * @return the format
	 * @throws WebhookRejectedException with status 415 when it is neither JSON nor XML
	 */
	public static EventFormat ofContentType(String contentType) {
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw WebhookRejectedException.unsupportedMediaType("'" + contentType.strip() + "'");
		}
		String subtype = type.getSubtype();
		if (subtype.equals("json") || subtype.endsWith("+json")) {
			return JSON;
		}
		if (subtype.equals("xml") || subtype.endsWith("+xml")) {
			return XML;
		}
		throw WebhookRejectedException.unsupportedMediaType(type.getType() + "/" + type.getSubtype());
	}

	/**
	 * File name extension, also the value of the {@code tradecloudFormat} header.
	 * @return {@code json} or {@code xml}
	 */
	public String extension() {
		return this.extension;
	}

}
