package io.tcconnector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.RSAKey;
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
 * path.
 * <p>
 * Under {@code /erp/} the same server stands in for the ERP the connector POSTs order
 * events to (see {@link #erpUrl()}): every delivery is recorded with its headers and
 * exact body ({@link #erpDeliveries()}) and answered 200, unless the ERP is switched off
 * ({@link #setErpAvailable(boolean)}), slowed down ({@link #setErpDelay(Duration)}), told
 * to reject a purchase order ({@link #rejectErpPurchaseOrder(String, int)}) or expects
 * Basic, bearer or OAuth2 client credentials
 * ({@link #expectErpOAuth2(String, String, Duration)}, with its token endpoint at
 * {@link #erpTokenUrl()}). Faults apply to it as to every other path.
 * <p>
 * Under {@code /entra/{tenant}/} it is a look-alike of Microsoft Entra ID, the identity
 * provider Tradecloud can get webhook access tokens from (OAuth2 client credentials):
 * OpenID discovery for the v2 issuer {@link #entraIssuerV2()} and the v1 issuer
 * {@link #entraIssuerV1()}, the JWK set at {@link #entraJwksUrl()} and the token endpoint
 * at {@link #entraTokenUrl()} for the clients registered with
 * {@link #registerEntraClient(String, String)}. Tokens are RS256 JWTs like Entra's
 * app-only access tokens, v2 or v1 ({@link #setEntraTokenVersion(int)}); the signing key
 * can be rotated ({@link #rotateEntraSigningKey()}, {@link #retireOldEntraKeys()});
 * {@link #entraTokens()} makes tokens with one thing changed and the bad tokens a
 * resource server must refuse. The tenant is always {@link #ENTRA_TENANT}. Faults and
 * counters apply to it as to every other path.
 * <p>
 * Usable from plain JUnit tests and from {@link SimulatorCommand}:
 *
 * <pre class="code">
 * try (TradecloudSimulator tradecloud = TradecloudSimulator.start(SimulatorSettings.forTests())) {
 *     tradecloud.addGeneratedDocument("doc-1", "big.pdf", "application/pdf", 300_000_000L);
 *     tradecloud.failNext("GET", "/v2/object-storage", 503, 2);
 *     // point the client at tradecloud.apiUrl() and tradecloud.erpUrl()
 * }
 * </pre>
 *
 * Out of the box it serves the documents the repository's sample events refer to.
 * Requests are served by 32 threads; a delivery waiting out an ERP delay holds one of
 * them, so keep the delayed requests of a test well below that.
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

	/** Object id of the purchase specification on the sample new order's header. */
	public static final String SAMPLE_SPECIFICATION_OBJECT_ID = "7b1c2d3e-0001-4e1e-8110-8d7a507b18f4";

	/** Object id of the drawing on line 0001 of the sample new order. */
	public static final String SAMPLE_LINE_DRAWING_OBJECT_ID = "7b1c2d3e-0002-4e1e-8110-8d7a507b18f4";

	/**
	 * Name of the surface treatment specification on the partner content server, on line
	 * 0001 of the sample new order.
	 */
	public static final String SAMPLE_SPEC_SHEET_CONTENT_NAME = "surface-treatment-spec.pdf";

	/**
	 * The tenant id of the Entra ID look-alike, in its URLs and the {@code tid} claim.
	 */
	public static final String ENTRA_TENANT = "00000000-0000-4000-8000-00000000000a";

	private static final Logger logger = LoggerFactory.getLogger(TradecloudSimulator.class);

	// Enough that deliveries held by an ERP delay leave threads for everything else.
	private static final int THREADS = 32;

	private static final long DROPPED_BODY_LENGTH = 1024;

	private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

	private final SimulatorSettings settings;

	private final HttpServer server;

	private final ExecutorService executor;

	private final String baseUrl;

	private final RequestCounters counters = new RequestCounters();

	private final FaultSchedule faults = new FaultSchedule();

	private final TradecloudApi api;

	private final ErpStandIn erp;

	private final EntraIdentityProvider entra;

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
		this.erp = new ErpStandIn(this.counters);
		this.entra = new EntraIdentityProvider(ENTRA_TENANT, this.baseUrl, this.counters);
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
	 * The URL of the stand-in ERP, what to set as {@code tradecloud.erp.url}; any other
	 * path under {@code /erp/} but the token endpoint takes deliveries too.
	 * @return {@code baseUrl() + "/erp/order-events"}
	 */
	public String erpUrl() {
		return this.baseUrl + ErpStandIn.DELIVERY_PATH;
	}

	/**
	 * A second URL of the stand-in ERP, what to set as
	 * {@code tradecloud.erp.shipments-url}.
	 * @return {@code baseUrl() + "/erp/shipments"}
	 */
	public String erpShipmentsUrl() {
		return this.baseUrl + ErpStandIn.SHIPMENTS_PATH;
	}

	/**
	 * The OAuth2 token endpoint of the stand-in ERP (client credentials grant), what to
	 * set as {@code tradecloud.erp.oauth2.token-uri}.
	 * @return {@code baseUrl() + "/erp/oauth2/token"}
	 */
	public String erpTokenUrl() {
		return this.baseUrl + ErpStandIn.TOKEN_PATH;
	}

	/**
	 * The issuer of the Entra look-alike's v2 tokens and its discovery document at
	 * {@code <issuer>/.well-known/openid-configuration}; what Entra writes as
	 * {@code https://login.microsoftonline.com/{tenant}/v2.0}.
	 * @return {@code baseUrl() + "/entra/" + ENTRA_TENANT + "/v2.0"}
	 */
	public String entraIssuerV2() {
		return this.entra.issuerV2();
	}

	/**
	 * The issuer of the Entra look-alike's v1 tokens, with a discovery document at
	 * {@code <issuer>.well-known/openid-configuration}; shaped like
	 * {@code https://sts.windows.net/{tenant}/}, trailing slash included, which the
	 * simulator cannot serve.
	 * @return {@code baseUrl() + "/entra/" + ENTRA_TENANT + "/"}
	 */
	public String entraIssuerV1() {
		return this.entra.issuerV1();
	}

	/**
	 * The Entra look-alike's JWK set: the public RSA keys its tokens are signed with.
	 * @return {@code baseUrl() + "/entra/" + ENTRA_TENANT + "/discovery/v2.0/keys"}
	 */
	public String entraJwksUrl() {
		return this.entra.jwksUrl();
	}

	/**
	 * The Entra look-alike's token endpoint (client credentials grant, scope
	 * {@code <resource>/.default}).
	 * @return {@code baseUrl() + "/entra/" + ENTRA_TENANT + "/oauth2/v2.0/token"}
	 */
	public String entraTokenUrl() {
		return this.entra.tokenUrl();
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
	 * The deliveries the stand-in ERP received, in arrival order, whatever it answered
	 * (refusals and injected faults included); only the latest 10,000 are kept.
	 * @return a copy, not changed by later deliveries
	 */
	public List<ErpDelivery> erpDeliveries() {
		return this.erp.deliveries();
	}

	/**
	 * The deliveries the stand-in ERP accepted, in arrival order.
	 * @return a copy of those answered with a 2xx status
	 */
	public List<ErpDelivery> erpAccepted() {
		return this.erp.deliveries().stream().filter(ErpDelivery::accepted).toList();
	}

	/** Forgets the deliveries the stand-in ERP received so far. */
	public void clearErpDeliveries() {
		this.erp.clearDeliveries();
	}

	/**
	 * Switches the stand-in ERP on or off; while off, every delivery is answered 503
	 * {@code {"error":"erp unavailable"}}. On at start.
	 * @param available whether it takes deliveries
	 */
	public void setErpAvailable(boolean available) {
		this.erp.setAvailable(available);
		logger.info("ERP stand-in {}", available ? "available" : "unavailable");
	}

	/**
	 * Whether the stand-in ERP takes deliveries.
	 * @return false after {@code setErpAvailable(false)}
	 */
	public boolean isErpAvailable() {
		return this.erp.isAvailable();
	}

	/**
	 * Makes the stand-in ERP wait before answering each delivery, e.g. longer than the
	 * connector's request time-out; deliveries already waiting switch to the new delay.
	 * Each waiting delivery holds a server thread, so keep few of them at once.
	 * @param delay the wait, {@link Duration#ZERO} (the default) to answer at once
	 */
	public void setErpDelay(Duration delay) {
		this.erp.setDelay(delay);
	}

	/**
	 * Makes the stand-in ERP refuse the deliveries of one purchase order: those whose
	 * {@code Tradecloud-Purchase-Order-Number} header equals it are answered with the
	 * status and {@code {"error":"rejected by the ERP"}}.
	 * @param purchaseOrderNumber the buyer's purchase order number
	 * @param status the status to answer with, 400 to 599 (e.g. 422)
	 */
	public void rejectErpPurchaseOrder(String purchaseOrderNumber, int status) {
		this.erp.reject(purchaseOrderNumber, status);
	}

	/**
	 * Makes the stand-in ERP refuse the deliveries of one shipment: those whose
	 * {@code Tradecloud-Shipment-Number} header equals it are answered with the status.
	 * @param shipmentNumber the supplier's shipment number
	 * @param status the status to answer with, 400 to 599 (e.g. 422)
	 */
	public void rejectErpShipment(String shipmentNumber, int status) {
		this.erp.reject(ErpStandIn.SHIPMENT + shipmentNumber, status);
	}

	/** Forgets every rejection rule of the stand-in ERP. */
	public void clearErpRejections() {
		this.erp.clearRejections();
	}

	/**
	 * Makes the stand-in ERP take only deliveries with these HTTP Basic credentials;
	 * others are answered 401 with a {@code WWW-Authenticate} challenge.
	 * @param user the user name
	 * @param password the password
	 */
	public void expectErpBasic(String user, String password) {
		this.erp.expect(ErpStandIn.Expectation.basic(user, password));
	}

	/**
	 * Makes the stand-in ERP take only deliveries with {@code Authorization: Bearer} and
	 * this static token; others are answered 401.
	 * @param token the token
	 */
	public void expectErpBearer(String token) {
		this.erp.expect(ErpStandIn.Expectation.bearer(token));
	}

	/**
	 * Makes the stand-in ERP take only deliveries with a bearer token its token endpoint
	 * ({@link #erpTokenUrl()}) issued to this client and that has not expired; others are
	 * answered 401. Tokens issued before are forgotten.
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 * @param tokenLifetime how long an issued token is valid ({@code expires_in})
	 */
	public void expectErpOAuth2(String clientId, String clientSecret, Duration tokenLifetime) {
		this.erp.expect(ErpStandIn.Expectation.oauth2(clientId, clientSecret, tokenLifetime));
	}

	/**
	 * Makes the stand-in ERP take deliveries with any or no credentials again, as at
	 * start; its token endpoint then refuses every client.
	 */
	public void expectNoErpAuthentication() {
		this.erp.expect(ErpStandIn.Expectation.NONE);
	}

	/** Treats every token the stand-in ERP's token endpoint issued so far as expired. */
	public void expireErpTokens() {
		this.erp.expireTokens();
		logger.info("all ERP tokens expired");
	}

	/**
	 * How many tokens the stand-in ERP's token endpoint issued.
	 * @return the count since start or the last {@link #resetCounters()}
	 */
	public int erpTokensIssued() {
		return this.counters.erpTokens();
	}

	/**
	 * Registers a client application with the Entra look-alike, or changes its secret;
	 * its token endpoint then issues tokens to it. No client is registered at start.
	 * @param clientId the client (application) id
	 * @param secret the client secret
	 */
	public void registerEntraClient(String clientId, String secret) {
		this.entra.registerClient(clientId, secret);
		logger.info("Entra client {} registered", clientId);
	}

	/**
	 * Chooses the shape of the tokens the Entra look-alike issues from now on: 2 (the
	 * default; {@code iss} the v2 issuer, {@code azp}, {@code ver: "2.0"}) or 1
	 * ({@code iss} the v1 issuer, {@code appid}, {@code ver: "1.0"}), as an API's
	 * {@code accessTokenAcceptedVersion} does in Entra.
	 * @param version 1 or 2
	 */
	public void setEntraTokenVersion(int version) {
		this.entra.setTokenVersion(version);
		logger.info("Entra tokens issued as v{}", version);
	}

	/**
	 * Changes how long the tokens the Entra look-alike issues from now on are valid; one
	 * hour at start. The token endpoint answers {@code expires_in} one second less, as
	 * Entra does ({@code 3599}).
	 * @param lifetime the lifetime, positive
	 */
	public void setEntraTokenLifetime(Duration lifetime) {
		this.entra.setTokenLifetime(lifetime);
	}

	/**
	 * Makes a new Entra signing key with a new {@code kid}, publishes it in the JWK set
	 * next to the old ones and signs the tokens issued from now on with it. Tokens signed
	 * with an old key keep verifying until {@link #retireOldEntraKeys()}.
	 * @return the new key's {@code kid}
	 */
	public String rotateEntraSigningKey() {
		return this.entra.rotateSigningKey();
	}

	/** Removes every key but the current signing key from the Entra JWK set. */
	public void retireOldEntraKeys() {
		this.entra.retireOldKeys();
	}

	/**
	 * The {@code kid} of the key the Entra look-alike signs new tokens with.
	 * @return the current key's id
	 */
	public String entraSigningKeyId() {
		return this.entra.signingKey().getKeyID();
	}

	/**
	 * The {@code kid}s the Entra JWK set publishes.
	 * @return the key ids, oldest first, the current signing key's last
	 */
	public List<String> entraPublishedKeyIds() {
		return this.entra.publishedKeys().stream().map(RSAKey::getKeyID).toList();
	}

	/**
	 * Makes Entra tokens directly, with one thing changed or deliberately bad (expired,
	 * not valid yet, another audience or issuer, an unknown key, {@code alg: none}, HS256
	 * with the public key as secret), see {@link EntraTokens}.
	 * @return the token factory of this simulator
	 */
	public EntraTokens entraTokens() {
		return this.entra.tokens();
	}

	/**
	 * How many tokens the Entra look-alike's token endpoint issued.
	 * @return the count since start or the last {@link #resetCounters()}
	 */
	public int entraTokensIssued() {
		return this.counters.entraTokens();
	}

	/**
	 * How many times the Entra JWK set was fetched (faults not included), so a test can
	 * see a resource server fetch it again after a key rotation.
	 * @return the count since start or the last {@link #resetCounters()}
	 */
	public int entraKeysRequested() {
		return this.counters.entraKeys();
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

	/**
	 * Sets the request, login, refresh, ERP token, Entra token and Entra key set counters
	 * back to zero.
	 */
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
		addDocument(SAMPLE_SPECIFICATION_OBJECT_ID, "purchase-specification-SPEC-2001.pdf", "application/pdf",
				SamplePdf.withTitle("Purchase specification SPEC-2001 rev A - Tradecloud simulator"));
		addDocument(SAMPLE_LINE_DRAWING_OBJECT_ID, "drawing-bracket-DRW-4711.pdf", "application/pdf",
				SamplePdf.withTitle("Drawing DRW-4711 rev C - Tradecloud simulator"));
		putContent(SAMPLE_SPEC_SHEET_CONTENT_NAME, "application/pdf",
				SamplePdf.withTitle("Surface treatment spec SPEC-ST-9 rev 2 - partner content server"));
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
				if (ErpStandIn.isDelivery(method, path)) {
					this.erp.recordInjectedFault(exchange, path, fault.get());
				}
				answerWithFault(exchange, method, path, fault.get());
				return;
			}
			if (path.startsWith(ErpStandIn.PREFIX)) {
				this.erp.handle(exchange, method, path);
				return;
			}
			if (path.startsWith(EntraIdentityProvider.PREFIX)) {
				this.entra.handle(exchange, method, path);
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
