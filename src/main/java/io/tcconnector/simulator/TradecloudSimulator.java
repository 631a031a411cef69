package io.tcconnector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tcconnector.simulator.FaultSchedule.InjectedFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Tradecloud on {@code 127.0.0.1}: API v2 authentication (login, refresh, logout,
 * Basic or Bearer on every other call), object storage with presigned downloads and the
 * proxy download, orders, shipments and a partner content server, plus fault injection
 * and request counters for tests. The legacy API v1 answers {@code GET} on
 * {@code /api/v1/purchaseOrder/{orderId}} (see {@link #legacyApiUrl()} and
 * {@link #putLegacyOrder(String, String)}); it takes only HTTP Basic with the same
 * integration user, never a token. Faults and counters apply to it as to every other
 * path. Usable from plain JUnit tests and from {@link SimulatorCommand}:
 *
 * <pre class="code">
 * try (TradecloudSimulator tradecloud = TradecloudSimulator.start(SimulatorSettings.forTests())) {
 *     tradecloud.addGeneratedDocument("doc-1", "big.pdf", "application/pdf", 300_000_000L);
 *     tradecloud.failNext("GET", "/v2/object-storage", 503, 2);
 *     // point the client at tradecloud.apiUrl()
 * }
 * </pre>
 *
 * Out of the box it serves the documents the repository's sample events refer to.
 */
public final class TradecloudSimulator implements AutoCloseable {

	/** Object id of the material certificate in the sample order documents event. */
	public static final String SAMPLE_CERTIFICATE_OBJECT_ID = "05d251f0-0166-4e1e-8110-8d7a507b18f4";

	/** Object id of the packing list in the sample shipment event. */
	public static final String SAMPLE_PACKING_LIST_OBJECT_ID = "6a4f2c1e-1111-4e1e-8110-8d7a507b18f4";

	/** Object id of the invoice in the sample shipment event. */
	public static final String SAMPLE_INVOICE_OBJECT_ID = "6a4f2c1e-2222-4e1e-8110-8d7a507b18f4";

	/**
	 * Name of the drawing on the partner content server in the sample order documents
	 * event.
	 */
	public static final String SAMPLE_DRAWING_CONTENT_NAME = "drawing-7.pdf";

	private static final Logger logger = LoggerFactory.getLogger(TradecloudSimulator.class);

	private static final int THREADS = 16;

	private static final long DROPPED_BODY_LENGTH = 1024;

	private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

	private final SimulatorSettings settings;

	private final HttpServer server;

	private final ExecutorService executor;

	private final String baseUrl;

	private final RequestCounters counters = new RequestCounters();

	private final FaultSchedule faults = new FaultSchedule();

	private final TradecloudApi api;

	private final SimulatorControl control;

	static {
		// The JDK server writes headers and body in separate packets; with Nagle's
		// algorithm
		// and delayed ACKs every answer would wait about 40 ms. Only the JDK's built-in
		// server reads this property, once, when the first one in the JVM starts.
		if (System.getProperty(NO_DELAY_PROPERTY) == null) {
			System.setProperty(NO_DELAY_PROPERTY, "true");
		}
	}

	private TradecloudSimulator(SimulatorSettings settings) throws IOException {
		this.settings = settings;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
		this.baseUrl = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.api = new TradecloudApi(settings, this.baseUrl, this.counters);
		this.control = new SimulatorControl(this);
		this.executor = Executors.newFixedThreadPool(THREADS, new SimulatorThreads());
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::dispatch);
		addSampleDocuments();
	}

	/**
	 * Starts a simulator on {@code 127.0.0.1}.
	 * @param settings the port, integration user and lifetimes
	 * @return the running simulator; close it when done
	 * @throws UncheckedIOException when the port cannot be bound
	 */
	public static TradecloudSimulator start(SimulatorSettings settings) {
		try {
			TradecloudSimulator simulator = new TradecloudSimulator(settings);
			simulator.server.start();
			logger.info("Tradecloud simulator listening on {} ({})", simulator.baseUrl, settings);
			return simulator;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Tradecloud simulator on port " + settings.port(), ex);
		}
	}

	/**
	 * The deterministic content of a generated document or content file: a pseudo-random
	 * stream seeded from the name, produced while it is read.
	 * @param objectId the document's object id (or the content name)
	 * @param size the number of bytes
	 * @return a fresh stream of exactly {@code size} bytes
	 */
	public static InputStream generatedContent(String objectId, long size) {
		return new GeneratedContentStream(objectId, size);
	}

	/**
	 * Where the simulator listens.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * The API base URL, what the connector uses instead of
	 * {@code https://api.tradecloud1.com/v2}.
	 * @return {@code baseUrl() + "/v2"}
	 */
	public String apiUrl() {
		return this.baseUrl + "/v2";
	}

	/**
	 * The base URL of the legacy API v1, which takes only HTTP Basic with the integration
	 * user; it is on the same server as, not under, API v2.
	 * @return {@code baseUrl() + "/api/v1"}
	 */
	public String legacyApiUrl() {
		return this.baseUrl + "/api/v1";
	}

	/**
	 * The port the simulator listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * The settings the simulator was started with.
	 * @return the settings
	 */
	public SimulatorSettings settings() {
		return this.settings;
	}

	/**
	 * Puts a document into object storage.
	 * @param objectId its object id
	 * @param filename the file name the metadata reports
	 * @param contentType the media type
	 * @param content the bytes (copied)
	 */
	public void addDocument(String objectId, String filename, String contentType, byte[] content) {
		this.api.putDocument(objectId, StoredContent.ofBytes(filename, contentType, content));
	}

	/**
	 * Puts a document with generated content into object storage; its bytes are
	 * {@link #generatedContent(String, long) generatedContent(objectId, size)}, produced
	 * while streaming, so any size fits.
	 * @param objectId its object id
	 * @param filename the file name the metadata reports
	 * @param contentType the media type
	 * @param size the length in bytes
	 */
	public void addGeneratedDocument(String objectId, String filename, String contentType, long size) {
		this.api.putDocument(objectId, StoredContent.generated(objectId, filename, contentType, size));
	}

	/**
	 * Puts a file on the partner content server, served at {@code /content/<name>}.
	 * @param name the file name in the URL
	 * @param contentType the media type
	 * @param content the bytes (copied)
	 */
	public void putContent(String name, String contentType, byte[] content) {
		this.api.putContent(name, StoredContent.ofBytes(name, contentType, content));
	}

	/**
	 * Puts a generated file on the partner content server; its bytes are
	 * {@link #generatedContent(String, long) generatedContent(name, size)}.
	 * @param name the file name in the URL
	 * @param contentType the media type
	 * @param size the length in bytes
	 */
	public void putGeneratedContent(String name, String contentType, long size) {
		this.api.putContent(name, StoredContent.generated(name, name, contentType, size));
	}

	/**
	 * Stores the order {@code GET /v2/order/{orderId}} answers.
	 * @param orderId the order id
	 * @param json the whole order as JSON
	 */
	public void putOrder(String orderId, String json) {
		this.api.putOrder(orderId, json);
	}

	/**
	 * Stores the shipment {@code GET /v2/shipment/{shipmentId}} answers.
	 * @param shipmentId the shipment id
	 * @param json the whole shipment as JSON
	 */
	public void putShipment(String shipmentId, String json) {
		this.api.putShipment(shipmentId, json);
	}

	/**
	 * Stores the purchase order the legacy API v1 answers to {@code GET} on
	 * {@code /api/v1/purchaseOrder/{orderId}}; independent of
	 * {@link #putOrder(String, String)}.
	 * @param orderId the order id
	 * @param json the whole purchase order as JSON
	 */
	public void putLegacyOrder(String orderId, String json) {
		this.api.putLegacyOrder(orderId, json);
	}

	/**
	 * Answers the next requests matching a method and path prefix with an error status
	 * and a short JSON body, before authentication or anything else (the control API
	 * under {@code /simulator} is never affected).
	 * @param method the HTTP method, {@code *} for any
	 * @param pathPrefix the start of the paths, e.g. {@code /v2/object-storage}
	 * @param status the status to answer with
	 * @param times how many requests
	 */
	public void failNext(String method, String pathPrefix, int status, int times) {
		this.faults.add(method, pathPrefix, InjectedFault.answer(status), times);
	}

	/**
	 * Closes the connection of the next requests matching a method and path prefix
	 * without a usable answer: the status line and headers of a 200 announcing a body,
	 * then the connection closes before the body. (A connection closed before any byte of
	 * the answer would be hidden from the caller: the JDK client, for one, silently
	 * repeats such a {@code GET}.)
	 * @param method the HTTP method, {@code *} for any
	 * @param pathPrefix the start of the paths
	 * @param times how many requests
	 */
	public void dropNext(String method, String pathPrefix, int times) {
		this.faults.add(method, pathPrefix, InjectedFault.dropConnection(), times);
	}

	/** Forgets the faults scheduled and not yet used. */
	public void clearFaults() {
		this.faults.clear();
	}

	/** Treats every access token issued so far as expired; refresh tokens stay valid. */
	public void expireAccessTokens() {
		this.api.tokens().expireAccessTokens();
		logger.info("all access tokens expired");
	}

	/** Treats every refresh token issued so far as expired. */
	public void expireRefreshTokens() {
		this.api.tokens().expireRefreshTokens();
		logger.info("all refresh tokens expired");
	}

	/**
	 * Changes how long the presigned download URLs issued from now on are valid.
	 * @param lifetime the lifetime; {@link Duration#ZERO} makes them expired when issued
	 */
	public void setDownloadUrlLifetime(Duration lifetime) {
		this.api.setDownloadUrlLifetime(lifetime);
	}

	/**
	 * How many requests arrived, faults included.
	 * @param method the HTTP method, {@code *} for any
	 * @param pathPrefix the start of the paths
	 * @return the count since start or the last {@link #resetCounters()}
	 */
	public int requests(String method, String pathPrefix) {
		return this.counters.requests(method, pathPrefix);
	}

	/**
	 * How many logins succeeded (tokens issued).
	 * @return the count since start or the last {@link #resetCounters()}
	 */
	public int logins() {
		return this.counters.logins();
	}

	/**
	 * How many refreshes succeeded (tokens issued).
	 * @return the count since start or the last {@link #resetCounters()}
	 */
	public int refreshes() {
		return this.counters.refreshes();
	}

	/** Sets the request, login and refresh counters back to zero. */
	public void resetCounters() {
		this.counters.reset();
	}

	/** Stops the simulator at once; requests in progress are cut off. */
	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
		logger.info("Tradecloud simulator on {} stopped", this.baseUrl);
	}

	private void addSampleDocuments() {
		addDocument(SAMPLE_CERTIFICATE_OBJECT_ID, "material-certificate.pdf", "application/pdf",
				SamplePdf.withTitle("Material certificate 3.1 - Tradecloud simulator"));
		addDocument(SAMPLE_PACKING_LIST_OBJECT_ID, "packing-list.pdf", "application/pdf",
				SamplePdf.withTitle("Packing list - Tradecloud simulator"));
		addDocument(SAMPLE_INVOICE_OBJECT_ID, "invoice.pdf", "application/pdf",
				SamplePdf.withTitle("Invoice - Tradecloud simulator"));
		putContent(SAMPLE_DRAWING_CONTENT_NAME, "application/pdf",
				SamplePdf.withTitle("Drawing 7 - partner content server"));
	}

	private void dispatch(HttpExchange exchange) {
		String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
		String path = exchange.getRequestURI().getPath();
		try {
			this.counters.record(method, path);
			if (path.startsWith(SimulatorControl.PREFIX)) {
				this.control.handle(exchange, method, path);
				return;
			}
			Optional<InjectedFault> fault = this.faults.take(method, path);
			if (fault.isPresent()) {
				answerWithFault(exchange, method, path, fault.get());
				return;
			}
			this.api.handle(exchange, method, path);
		}
		catch (IOException ex) {
			logger.debug("{} {}: client went away: {}", method, path, ex.toString());
		}
		catch (RuntimeException ex) {
			logger.warn("{} {} failed", method, path, ex);
			answerInternalError(exchange);
		}
		finally {
			exchange.close();
		}
	}

	private void answerWithFault(HttpExchange exchange, String method, String path, InjectedFault fault)
			throws IOException {
		if (fault.drop()) {
			logger.info("{} {}: injected fault, connection dropped", method, path);
			exchange.sendResponseHeaders(200, DROPPED_BODY_LENGTH);
			exchange.close();
			return;
		}
		logger.info("{} {}: injected fault, status {}", method, path, fault.status());
		HttpExchanges.sendText(exchange, fault.status(), "application/json",
				"{\"error\":\"injected fault\",\"status\":" + fault.status() + "}");
	}

	private static void answerInternalError(HttpExchange exchange) {
		if (exchange.getResponseCode() != -1) {
			return;
		}
		try {
			HttpExchanges.sendBytes(exchange, 500, "application/json",
					"{\"error\":\"simulator failure\"}".getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			logger.debug("Cannot answer 500: {}", ex.toString());
		}
	}

	private static final class SimulatorThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "tradecloud-simulator-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
