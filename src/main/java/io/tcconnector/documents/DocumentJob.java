package io.tcconnector.documents;

import java.net.URI;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document to fetch, with the event it came with.
 *
 * @param document the document's fields as Tradecloud sent them (code, revision, name,
 * description, type, objectId, url, meta)
 * @param location where in the event it was found, as a JSON pointer
 * @param kind the event's kind
 * @param eventName the event's name
 * @param messageId the event's message id
 * @param orderId the order id (order events)
 * @param purchaseOrderNumber the purchase order number (order events)
 * @param shipmentId the shipment id (shipments)
 * @param shipmentNumber the shipment number (shipments)
 */
public record DocumentJob(ObjectNode document, String location, String kind, String eventName, String messageId,
		String orderId, String purchaseOrderNumber, String shipmentId, String shipmentNumber) {

	/**
	 * The object id in Tradecloud's object storage.
	 * @return the id, or null
	 */
	public String objectId() {
		return text("objectId");
	}

	/**
	 * The partner's URL for the file.
	 * @return the URL, or null
	 */
	public String url() {
		return text("url");
	}

	public String code() {
		return text("code");
	}

	public String revision() {
		return text("revision");
	}

	/**
	 * Whether there is a file to fetch: an object id or a URL.
	 * @return true when the document refers to a file
	 */
	public boolean hasFile() {
		return objectId() != null || url() != null;
	}

	/**
	 * What identifies the file: the same key arriving again is not fetched again. A file
	 * in object storage is identified by its object id (a new file gets a new id); a
	 * partner may replace the file behind a url, so there it is the url with the
	 * document's revision and {@code meta.lastUpdatedAt}.
	 * @return {@code objectId:<id>} or
	 * {@code url:<url> revision:<revision> lastUpdatedAt:<time>}
	 */
	public String key() {
		if (objectId() != null) {
			return "objectId:" + objectId();
		}
		return "url:" + url() + " revision:" + orEmpty(revision()) + " lastUpdatedAt:"
				+ orEmpty(this.document.at("/meta/lastUpdatedAt").asText(null));
	}

	/**
	 * The event the document came with, for the log: kind, order or shipment, event name
	 * and message id.
	 * @return e.g. {@code order PO-1001 event OrderIssuedByBuyer message 0b6f...}
	 */
	public String event() {
		String subject = (this.shipmentId != null) ? "shipment " + this.shipmentId
				: "order " + ((this.purchaseOrderNumber != null) ? this.purchaseOrderNumber : this.orderId);
		return subject + " event " + this.eventName + " message " + this.messageId;
	}

	private static String orEmpty(String text) {
		return (text != null) ? text : "";
	}

	/**
	 * The URL as a URI, when it is http or https.
	 * @return the URI
	 * @throws IllegalArgumentException when the URL is not an absolute http(s) URL
	 */
	public URI httpUrl() {
		URI uri = URI.create(url().strip());
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase() : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
			throw new IllegalArgumentException("not an http(s) URL: " + url());
		}
		return uri;
	}

	private String text(String field) {
		String value = this.document.path(field).asText(null);
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
