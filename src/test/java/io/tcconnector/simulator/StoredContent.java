package io.tcconnector.simulator;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A file the simulator can serve: a document in object storage or a file on the partner
 * content server, held in memory or generated while it is streamed.
 *
 * @param filename the file name
 * @param contentType the media type
 * @param size the length in bytes
 * @param opener opens a fresh stream of exactly {@code size} bytes
 */
record StoredContent(String filename, String contentType, long size, Supplier<InputStream> opener) {

	static StoredContent ofBytes(String filename, String contentType, byte[] content) {
		byte[] copy = content.clone();
		return new StoredContent(filename, contentType, copy.length, () -> new ByteArrayInputStream(copy));
	}

	static StoredContent generated(String seedName, String filename, String contentType, long size) {
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
		return new StoredContent(filename, contentType, size, () -> new GeneratedContentStream(seedName, size));
	}

	InputStream open() {
		return this.opener.get();
	}

}
