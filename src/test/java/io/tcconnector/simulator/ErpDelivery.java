package io.tcconnector.simulator;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request the simulator's stand-in ERP received on a delivery path (any {@code POST}
 * under {@code /erp/} but the token endpoint), with what it answered. Deliveries refused
 * with an injected fault, a 401, a 503 or a rejection are recorded too.
 *
 * @param path the request path, e.g. {@code /erp/order-events}
 * @param headers the request headers by lower-case name; repeated headers joined with
 * {@code ", "}
 * @param body the exact bytes of the request body (copied in and out)
 * @param status the status the stand-in answered with; 0 when an injected fault dropped
 * the connection
 * @param receivedAt when the request arrived
 */
public record ErpDelivery(String path, Map<String, String> headers, byte[] body, int status, Instant receivedAt) {

	private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset=\"?([^\";\\s]+)\"?");

	/**
	 * Copies what it is given.
	 * @param path the request path
	 * @param headers the headers by lower-case name
	 * @param body the body bytes
	 * @param status the status answered
	 * @param receivedAt when it arrived
	 */
	public ErpDelivery {
		Objects.requireNonNull(path, "path");
		headers = Map.copyOf(headers);
		body = body.clone();
		Objects.requireNonNull(receivedAt, "receivedAt");
	}

	/**
	 * The body bytes.
	 * @return a copy of the exact bytes received
	 */
	@Override
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * A request header.
	 * @param name the header name, in any case
	 * @return its value, or null when the request did not carry it
	 */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * The {@code Tradecloud-Message-Id} header.
	 * @return its value, or null
	 */
	public String messageId() {
		return header("Tradecloud-Message-Id");
	}

	/**
	 * The {@code Idempotency-Key} header.
	 * @return its value, or null
	 */
	public String idempotencyKey() {
		return header("Idempotency-Key");
	}

	/**
	 * The {@code Tradecloud-Event-Name} header.
	 * @return its value, or null
	 */
	public String eventName() {
		return header("Tradecloud-Event-Name");
	}

	/**
	 * The {@code Tradecloud-Purchase-Order-Number} header.
	 * @return its value, or null
	 */
	public String purchaseOrderNumber() {
		return header("Tradecloud-Purchase-Order-Number");
	}

	/**
	 * The {@code Tradecloud-Order-Id} header.
	 * @return its value, or null
	 */
	public String orderId() {
		return header("Tradecloud-Order-Id");
	}

	/**
	 * The {@code Tradecloud-Shipment-Id} header.
	 * @return its value, or null
	 */
	public String shipmentId() {
		return header("Tradecloud-Shipment-Id");
	}

	/**
	 * The {@code Tradecloud-Shipment-Number} header.
	 * @return its value, or null
	 */
	public String shipmentNumber() {
		return header("Tradecloud-Shipment-Number");
	}

	/**
	 * The {@code Authorization} header.
	 * @return its value, or null
	 */
	public String authorization() {
		return header("Authorization");
	}

	/**
	 * The {@code Content-Type} header.
	 * @return its value, or null
	 */
	public String contentType() {
		return header("Content-Type");
	}

	/**
	 * Whether the stand-in accepted the delivery.
	 * @return whether it answered with a 2xx status
	 */
	public boolean accepted() {
		return this.status >= 200 && this.status < 300;
	}

	/**
	 * The body as text, decoded with the charset of the {@code Content-Type}, UTF-8 when
	 * it names none (or one this JVM does not know).
	 * @return the body text
	 */
	public String bodyText() {
		return new String(this.body, charset());
	}

	// A record compares arrays by reference; deliveries compare their body bytes.
	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ErpDelivery that && this.status == that.status
				&& this.path.equals(that.path) && this.headers.equals(that.headers)
				&& Arrays.equals(this.body, that.body) && this.receivedAt.equals(that.receivedAt));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.path, this.headers, Arrays.hashCode(this.body), this.status, this.receivedAt);
	}

	@Override
	public String toString() {
		return "ErpDelivery[path=" + this.path + ", status=" + this.status + ", messageId=" + messageId()
				+ ", purchaseOrderNumber=" + purchaseOrderNumber() + ", bodySize=" + this.body.length + ", receivedAt="
				+ this.receivedAt + "]";
	}

	private Charset charset() {
		String contentType = contentType();
		if (contentType != null) {
			Matcher matcher = CHARSET.matcher(contentType);
			if (matcher.find()) {
				try {
					return Charset.forName(matcher.group(1));
				}
				catch (IllegalArgumentException ex) {
					return StandardCharsets.UTF_8;
				}
			}
		}
		return StandardCharsets.UTF_8;
	}

}
