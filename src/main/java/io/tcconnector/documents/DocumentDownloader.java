package io.tcconnector.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcconnector.codec.Codecs;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.tradecloud.TradecloudApiClient;
import io.tcconnector.tradecloud.TradecloudHeaders;
import io.tcconnector.tradecloud.TradecloudRejectedException;
import io.tcconnector.tradecloud.TradecloudUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Fetches one document into the documents folder. A document in Tradecloud's object
 * storage ({@code objectId}): its metadata, then the presigned {@code downloadUrl} at
 * once; when that URL has expired, fresh metadata and its new URL; when the storage
 * cannot be reached, Tradecloud's proxy download. A document on a partner's server
 * ({@code url}): a plain GET, http(s) only. The bytes stream to a temporary file (memory
 * does not grow with the size), which is renamed into place next to a sidecar
 * {@code <file>.json} holding the document's fields and the event it came with.
 */
@Component("documentDownloader")
public class DocumentDownloader {

	private static final Logger log = LoggerFactory.getLogger(DocumentDownloader.class);

	private static final int BUFFER = 64 * 1024;

	private final TradecloudApiClient api;

	private final ObjectMapper json = new ObjectMapper();

	private final Object placing = new Object();

	private final long maxSize;

	private final MeterRegistry meters;

	public DocumentDownloader(TradecloudApiClient api, TradecloudProperties properties, MeterRegistry meters) {
		this.api = api;
		this.maxSize = properties.documents().maxSize().toBytes();
		this.meters = meters;
	}

	/**
	 * Fetches the document of the exchange's {@link DocumentJob} body into the folder in
	 * the {@value TradecloudHeaders#DOCUMENTS_FOLDER} header; leaves the sidecar JSON as
	 * body and the file's path in the {@value TradecloudHeaders#DOCUMENT_PATH} header.
	 * @param exchange the exchange
	 */
	public void download(Exchange exchange) {
		Message message = exchange.getMessage();
		DocumentJob job = message.getBody(DocumentJob.class);
		Path folder = Path.of(message.getHeader(TradecloudHeaders.DOCUMENTS_FOLDER, String.class));
		message.removeHeader(TradecloudHeaders.DOCUMENTS_FOLDER);
		Fetched fetched = fetch(job, folder);
		ObjectNode sidecar = place(job, folder, fetched);
		Path file = Path.of(sidecar.path("path").asText());
		message.setBody(sidecar.toString());
		message.setHeader(TradecloudHeaders.DOCUMENT_PATH, file.toAbsolutePath().toString());
		message.setHeader(TradecloudHeaders.DOCUMENT_CODE, job.code());
		message.setHeader(TradecloudHeaders.DOCUMENT_REVISION, job.revision());
		message.setHeader(TradecloudHeaders.OBJECT_ID, job.objectId());
		DistributionSummary.builder("tradecloud.documents.downloaded")
			.description("Documents downloaded into the documents folder, and their bytes, by where they came from")
			.baseUnit("bytes")
			.tag("source", fetched.source())
			.register(this.meters)
			.record(fetched.size());
		log.info("{} {} document {} rev {} -> {} ({} bytes, {})", (job.shipmentId() != null) ? "shipment" : "order",
				(job.shipmentId() != null) ? job.shipmentId() : job.purchaseOrderNumber(), job.code(), job.revision(),
				file, fetched.size(), fetched.source());
	}

	private Fetched fetch(DocumentJob job, Path folder) {
		createFolder(folder);
		Path part = folder.resolve("." + UUID.randomUUID() + ".part");
		try {
			if (job.objectId() != null) {
				return fetchObject(job.objectId(), part);
			}
			URI url;
			try {
				url = job.httpUrl();
			}
			catch (IllegalArgumentException ex) {
				throw new TradecloudRejectedException(400, "document " + job.code() + ": " + ex.getMessage());
			}
			HttpResponse<InputStream> response = this.api.getUnauthenticated(url);
			if (response.statusCode() != 200) {
				close(response);
				String answer = "partner server answered " + response.statusCode() + " for " + url;
				if (response.statusCode() >= 500 || response.statusCode() == 429) {
					throw new TradecloudUnavailableException(answer);
				}
				throw new TradecloudRejectedException(response.statusCode(), answer);
			}
			String filename = lastSegment(url);
			return write(response, part, filename, contentType(response), "url");
		}
		catch (RuntimeException ex) {
			deleteQuietly(part);
			throw ex;
		}
	}

	private Fetched fetchObject(String objectId, Path part) {
		String metadataPath = "/object-storage/document/" + objectId + "/metadata";
		JsonNode metadata = this.api.getJson(metadataPath);
		String filename = metadata.path("filename").asText(null);
		String contentType = metadata.path("contentType").asText(null);
		for (int attempt = 1; attempt <= 2; attempt++) {
			String downloadUrl = metadata.path("downloadUrl").asText(null);
			if (downloadUrl == null || downloadUrl.isBlank()) {
				break;
			}
			try {
				HttpResponse<InputStream> response = this.api.getUnauthenticated(URI.create(downloadUrl));
				if (response.statusCode() == 200) {
					return write(response, part, filename, contentType, "presigned-url");
				}
				close(response);
				log.info("Presigned URL for document {} answered {} (attempt {})", objectId, response.statusCode(),
						attempt);
				if (response.statusCode() != 403) {
					break;
				}
			}
			catch (TradecloudUnavailableException ex) {
				log.info("Object storage unreachable for document {}: {}", objectId, ex.getMessage());
				break;
			}
			if (attempt == 1) {
				metadata = this.api.getJson(metadataPath);
			}
		}
		log.info("Downloading document {} through the Tradecloud proxy", objectId);
		HttpResponse<InputStream> proxied = this.api.stream("/object-storage/document/" + objectId);
		return write(proxied, part, filename, (contentType != null) ? contentType : contentType(proxied), "proxy");
	}

	private Fetched write(HttpResponse<InputStream> response, Path part, String filename, String contentType,
			String source) {
		long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
		if (announced > this.maxSize) {
			close(response);
			throw tooLarge(announced + " bytes announced");
		}
		MessageDigest sha256 = Codecs.sha256();
		long size;
		try (InputStream in = response.body();
				OutputStream out = new DigestOutputStream(Files.newOutputStream(part), sha256)) {
			size = copy(in, out, this.maxSize);
		}
		catch (TooLargeException ex) {
			deleteQuietly(part);
			throw tooLarge("more than " + this.maxSize + " bytes sent");
		}
		catch (IOException ex) {
			deleteQuietly(part);
			if (ex.getMessage() != null && ex.getMessage().contains("No space left")) {
				throw new UncheckedIOException("documents folder is full", ex);
			}
			throw new TradecloudUnavailableException("download interrupted: " + ex.getMessage(), ex);
		}
		long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
		if (expected >= 0 && expected != size) {
			deleteQuietly(part);
			throw new TradecloudUnavailableException("download ended after " + size + " of " + expected + " bytes");
		}
		return new Fetched(part, filename, contentType, size, Codecs.hex(sha256.digest()), source);
	}

	private static long copy(InputStream in, OutputStream out, long max) throws IOException {
		byte[] buffer = new byte[BUFFER];
		long total = 0;
		for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
			total += read;
			if (total > max) {
				throw new TooLargeException();
			}
			out.write(buffer, 0, read);
		}
		return total;
	}

	private TradecloudRejectedException tooLarge(String what) {
		return new TradecloudRejectedException(413,
				"document larger than tradecloud.documents.max-size (" + this.maxSize + " bytes): " + what);
	}

	/** A download over the size limit, stopped before it fills the disk. */
	private static final class TooLargeException extends IOException {

		TooLargeException() {
			super("over the size limit");
		}

	}

	/**
	 * Moves the downloaded file to its final name (the sanitised file name or, when
	 * another document holds that name, the name with a suffix of its own) and writes its
	 * sidecar.
	 * @return the sidecar's content
	 */
	private ObjectNode place(DocumentJob job, Path folder, Fetched fetched) {
		String fallback = (job.document().path("name").asText(null) != null) ? job.document().path("name").asText()
				: job.code();
		String name = DocumentFileNames.sanitize(fetched.filename(), fallback);
		synchronized (this.placing) {
			Path target = folder.resolve(name);
			if (!freeFor(target, job)) {
				target = folder.resolve(DocumentFileNames.distinct(name, job.key()));
			}
			for (int n = 2; !freeFor(target, job); n++) {
				target = folder.resolve(DocumentFileNames.distinct(name, job.key() + "#" + n));
			}
			if (!target.normalize().getParent().equals(folder.normalize())) {
				throw new IllegalStateException("refusing to write outside " + folder + ": " + target);
			}
			move(fetched.part(), target);
			ObjectNode sidecar = sidecar(job, fetched, target);
			Path sidecarPart = folder.resolve("." + UUID.randomUUID() + ".part");
			try {
				Files.writeString(sidecarPart, sidecar.toPrettyString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			move(sidecarPart, sidecarOf(target));
			return sidecar;
		}
	}

	/** Whether a name is unused, or used by this same document (fetched again). */
	private boolean freeFor(Path target, DocumentJob job) {
		Path sidecar = sidecarOf(target);
		String name = target.getFileName().toString();
		if (name.toLowerCase().endsWith(".json")
				&& Files.exists(target.resolveSibling(name.substring(0, name.length() - 5)))) {
			return false;
		}
		if (!Files.exists(target) && !Files.exists(sidecar)) {
			return true;
		}
		try {
			JsonNode existing = this.json.readTree(sidecar.toFile());
			return job.key().equals(existing.path("key").asText());
		}
		catch (IOException ex) {
			return false;
		}
	}

	private ObjectNode sidecar(DocumentJob job, Fetched fetched, Path file) {
		ObjectNode sidecar = this.json.createObjectNode();
		sidecar.put("key", job.key());
		sidecar.put("path", file.toAbsolutePath().toString());
		sidecar.set("document", job.document());
		ObjectNode fileNode = sidecar.putObject("file");
		fileNode.put("name", file.getFileName().toString());
		fileNode.put("originalName", fetched.filename());
		fileNode.put("contentType", fetched.contentType());
		fileNode.put("size", fetched.size());
		fileNode.put("sha256", fetched.sha256());
		fileNode.put("source", fetched.source());
		ObjectNode event = sidecar.putObject("event");
		event.put("kind", job.kind());
		event.put("eventName", job.eventName());
		event.put("messageId", job.messageId());
		event.put("orderId", job.orderId());
		event.put("purchaseOrderNumber", job.purchaseOrderNumber());
		event.put("shipmentId", job.shipmentId());
		event.put("shipmentNumber", job.shipmentNumber());
		event.put("location", job.location());
		sidecar.put("downloadedAt", Instant.now().toString());
		return sidecar;
	}

	static Path sidecarOf(Path file) {
		return file.resolveSibling(file.getFileName() + ".json");
	}

	private static void move(Path from, Path to) {
		try {
			try {
				Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			deleteQuietly(from);
			throw new UncheckedIOException("could not move " + from + " to " + to, ex);
		}
	}

	private static void createFolder(Path folder) {
		try {
			Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not create the documents folder " + folder, ex);
		}
	}

	private static String lastSegment(URI url) {
		String path = url.getPath();
		if (path == null || path.isEmpty()) {
			return null;
		}
		String segment = path.substring(path.lastIndexOf('/') + 1);
		return segment.isEmpty() ? null : segment;
	}

	private static String contentType(HttpResponse<?> response) {
		return response.headers().firstValue("Content-Type").orElse(null);
	}

	private static void close(HttpResponse<InputStream> response) {
		try {
			response.body().close();
		}
		catch (IOException ex) {
			// nothing to keep
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.debug("Could not delete {}", file, ex);
		}
	}

	/** A file fetched to a temporary place. */
	private record Fetched(Path part, String filename, String contentType, long size, String sha256, String source) {
	}

}
