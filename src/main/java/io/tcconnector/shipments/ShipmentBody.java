package io.tcconnector.shipments;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.camel.StreamCache;

import org.springframework.util.StreamUtils;

/**
 * A shipment event's body that can be read more than once, one pass at a time: the bytes
 * taken from the broker, or Camel's stream cache of a webhook request (on disk when the
 * body is large).
 */
abstract class ShipmentBody {

	/**
	 * A fresh stream over the whole body; closing it does not close the body.
	 * @return the stream
	 */
	abstract InputStream open();

	static ShipmentBody of(Object body) {
		if (body instanceof byte[] bytes) {
			return new ShipmentBody() {
				@Override
				InputStream open() {
					return new ByteArrayInputStream(bytes);
				}
			};
		}
		if (body instanceof StreamCache cache && body instanceof InputStream stream) {
			return new ShipmentBody() {
				@Override
				InputStream open() {
					cache.reset();
					return StreamUtils.nonClosing(stream);
				}
			};
		}
		if (body instanceof String text) {
			return of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		throw new UncheckedIOException(new IOException(
				"a shipment body must be bytes or a stream cache, not " + ((body != null) ? body.getClass() : null)));
	}

}
