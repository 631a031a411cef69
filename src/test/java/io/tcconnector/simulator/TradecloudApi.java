package io.tcconnector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import io.tcconnector.simulator.TokenAuthority.TokenPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the simulated Tradecloud endpoints: API v2 under {@code /v2} (authentication,
 * object storage, orders, shipments), the legacy API v1 under {@code /api/v1} (purchase
 * orders, HTTP Basic only), the presigned object storage downloads under {@code /s3} and
 * the partner content server under {@code /content}.
 */
final class TradecloudApi {

	private static final Logger logger = LoggerFactory.getLogger(TradecloudApi.class);

	private static final Pattern DOCUMENT_METADATA = Pattern.compile("/v2/object-storage/document/([^/]+)/metadata");

	private static final Pattern DOCUMENT = Pattern.compile("/v2/object-storage/document/([^/]+)");

	private static final Pattern ORDER = Pattern.compile("/v2/order/([^/]+)");

	private static final Pattern SHIPMENT = Pattern.compile("/v2/shipment/([^/]+)");

	private static final Pattern LEGACY_ORDER = Pattern.compile("/api/v1/purchaseOrder/([^/]+)");

	private static final Pattern PRESIGNED_DOWNLOAD = Pattern.compile("/s3/([^/]+)");

	private static final String CONTENT_PREFIX = "/content/";

	private static final String LEGACY_PREFIX = "/api/v1/";

	private static final String LEGACY_CHALLENGE = "Basic realm=\"tradecloud-v1\"";

	private final SimulatorSettings settings;

	private final String baseUrl;

	private final RequestCounters counters;

	private final TokenAuthority tokens;

	private final HmacSha256 downloadUrlSigner;

	private volatile Duration downloadUrlLifetime;

	private final Map<String, StoredContent> documents = new ConcurrentHashMap<>();

	private final Map<String, StoredContent> contents = new ConcurrentHashMap<>();

	private final Map<String, String> orders = new ConcurrentHashMap<>();

	private final Map<String, String> shipments = new ConcurrentHashMap<>();

	private final Map<String, String> legacyOrders = new ConcurrentHashMap<>();

	TradecloudApi(SimulatorSettings settings, String baseUrl, RequestCounters counters) {
		SecureRandom random = new SecureRandom();
		this.settings = settings;
		this.baseUrl = baseUrl;
		this.counters = counters;
		this.tokens = new TokenAuthority(HttpExchanges.json(), random, settings.accessTokenLifetime(),
				settings.refreshTokenLifetime());
		this.downloadUrlSigner = HmacSha256.withRandomKey(random);
		this.downloadUrlLifetime = settings.downloadUrlLifetime();
	}

	TokenAuthority tokens() {
		return this.tokens;
	}

	void setDownloadUrlLifetime(Duration lifetime) {
		if (lifetime == null || lifetime.isNegative()) {
			throw new IllegalArgumentException("download URL lifetime must not be negative: " + lifetime);
		}
		this.downloadUrlLifetime = lifetime;
	}

	void putDocument(String objectId, StoredContent document) {
		this.documents.put(requireId(objectId, "objectId"), document);
	}

	void putContent(String name, StoredContent content) {
		this.contents.put(requireId(name, "name"), content);
	}

	void putOrder(String orderId, String json) {
		this.orders.put(requireId(orderId, "orderId"), json);
	}

	void putShipment(String shipmentId, String json) {
		this.shipments.put(requireId(shipmentId, "shipmentId"), json);
	}

	void putLegacyOrder(String orderId, String json) {
		this.legacyOrders.put(requireId(orderId, "orderId"), json);
	}

	/**
	 * Answers a request that is not for the control API.
	 * @param exchange the exchange
	 * @param method the request method, upper case
	 * @param path the decoded request path
	 * @throws IOException when the client goes away
	 */
	void handle(HttpExchange exchange, String method, String path) throws IOException {
		if (path.equals("/v2/authentication/login")) {
			login(exchange, method);
		}
		else if (path.equals("/v2/authentication/refresh")) {
			refresh(exchange, method);
		}
		else if (path.equals("/v2/authentication/logout")) {
			logout(exchange, method);
		}
		else if (path.startsWith("/v2/")) {
			authenticatedApi(exchange, method, path);
		}
		else if (path.startsWith(LEGACY_PREFIX)) {
			legacyApi(exchange, method, path);
		}
		else if (path.startsWith("/s3/")) {
			presignedDownload(exchange, method, path);
		}
		else if (path.startsWith(CONTENT_PREFIX)) {
			partnerContent(exchange, method, path.substring(CONTENT_PREFIX.length()));
		}
		else {
			HttpExchanges.sendError(exchange, 404, "not found");
		}
	}

	private void login(HttpExchange exchange, String method) throws IOException {
		if (!HttpExchanges.requireMethod(exchange, method, "GET")) {
			return;
		}
		if (!isIntegrationUser(exchange.getRequestHeaders().getFirst("Authorization"))) {
			logger.info("login refused: wrong or missing Basic credentials");
			HttpExchanges.sendError(exchange, 401, "unauthorized");
			return;
		}
		this.counters.loggedIn();
		logger.info("login of the integration user: tokens issued");
		sendTokens(exchange, this.tokens.issue(this.settings.userEmail()));
	}

	private void refresh(HttpExchange exchange, String method) throws IOException {
		if (!HttpExchanges.requireMethod(exchange, method, "GET")) {
			return;
		}
		if (exchange.getRequestHeaders().containsKey("Authorization")) {
			logger.info("refresh refused: it must carry only Refresh-Token, not Authorization");
			HttpExchanges.sendError(exchange, 401, "refresh must not carry an Authorization header");
			return;
		}
		String refreshToken = exchange.getRequestHeaders().getFirst("Refresh-Token");
		Optional<TokenPair> pair = (refreshToken != null) ? this.tokens.refresh(refreshToken, this.settings.userEmail())
				: Optional.empty();
		if (pair.isEmpty()) {
			logger.info("refresh refused: unknown or expired refresh token");
			HttpExchanges.sendError(exchange, 401, "unauthorized");
			return;
		}
		this.counters.refreshed();
		logger.info("refresh: new tokens issued, old refresh token invalidated");
		sendTokens(exchange, pair.get());
	}

	private void logout(HttpExchange exchange, String method) throws IOException {
		if (!HttpExchanges.requireMethod(exchange, method, "POST")) {
			return;
		}
		String refreshToken = exchange.getRequestHeaders().getFirst("Refresh-Token");
		if (refreshToken == null) {
			HttpExchanges.sendError(exchange, 401, "missing Refresh-Token");
			return;
		}
		this.tokens.revoke(refreshToken);
		logger.info("logout: refresh token invalidated");
		HttpExchanges.sendEmpty(exchange, 200);
	}

	private void sendTokens(HttpExchange exchange, TokenPair pair) throws IOException {
		exchange.getResponseHeaders().set("Set-Authorization", pair.accessToken());
		exchange.getResponseHeaders().set("Set-Refresh-Token", pair.refreshToken());
		HttpExchanges.sendEmpty(exchange, 200);
	}

	private void authenticatedApi(HttpExchange exchange, String method, String path) throws IOException {
		if (!isAuthorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
			logger.info("{} {} refused: no valid access token (Basic credentials are not taken here)", method, path);
			HttpExchanges.sendError(exchange, 401, "unauthorized");
			return;
		}
		if (!HttpExchanges.requireMethod(exchange, method, "GET")) {
			return;
		}
		Matcher matcher;
		if ((matcher = DOCUMENT_METADATA.matcher(path)).matches()) {
			documentMetadata(exchange, matcher.group(1));
		}
		else if ((matcher = DOCUMENT.matcher(path)).matches()) {
			proxyDownload(exchange, matcher.group(1));
		}
		else if ((matcher = ORDER.matcher(path)).matches()) {
			sendStoredJson(exchange, "order", matcher.group(1), this.orders.get(matcher.group(1)));
		}
		else if ((matcher = SHIPMENT.matcher(path)).matches()) {
			sendStoredJson(exchange, "shipment", matcher.group(1), this.shipments.get(matcher.group(1)));
		}
		else {
			HttpExchanges.sendError(exchange, 404, "not found");
		}
	}

	private void legacyApi(HttpExchange exchange, String method, String path) throws IOException {
		if (!isIntegrationUser(exchange.getRequestHeaders().getFirst("Authorization"))) {
			logger.info("{} {} refused: API v1 takes only the integration user's Basic credentials", method, path);
			exchange.getResponseHeaders().set("WWW-Authenticate", LEGACY_CHALLENGE);
			HttpExchanges.sendError(exchange, 401, "unauthorized");
			return;
		}
		if (!HttpExchanges.requireMethod(exchange, method, "GET")) {
			return;
		}
		Matcher matcher = LEGACY_ORDER.matcher(path);
		if (matcher.matches()) {
			sendStoredJson(exchange, "legacy purchase order", matcher.group(1),
					this.legacyOrders.get(matcher.group(1)));
		}
		else {
			HttpExchanges.sendError(exchange, 404, "not found");
		}
	}

	private void documentMetadata(HttpExchange exchange, String objectId) throws IOException {
		StoredContent document = this.documents.get(objectId);
		if (document == null) {
			logger.info("metadata of unknown document {}", objectId);
			HttpExchanges.sendError(exchange, 404, "not found");
			return;
		}
		long expires = System.currentTimeMillis() + this.downloadUrlLifetime.toMillis();
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("id", objectId);
		metadata.put("filename", document.filename());
		metadata.put("contentType", document.contentType());
		metadata.put("downloadUrl", pathUrl("/s3/" + objectId) + "?expires=" + expires + "&signature="
				+ downloadSignature(objectId, Long.toString(expires)));
		logger.info("metadata of document {} with a download URL valid {} ms", objectId,
				this.downloadUrlLifetime.toMillis());
		HttpExchanges.sendJson(exchange, 200, metadata);
	}

	private void proxyDownload(HttpExchange exchange, String objectId) throws IOException {
		StoredContent document = this.documents.get(objectId);
		if (document == null) {
			logger.info("proxy download of unknown document {}", objectId);
			HttpExchanges.sendError(exchange, 404, "not found");
			return;
		}
		logger.info("proxy download of document {} ({} bytes)", objectId, document.size());
		exchange.getResponseHeaders()
			.set("Content-Disposition", "attachment; filename=\"" + document.filename().replace("\"", "") + "\"");
		HttpExchanges.sendContent(exchange, document);
	}

	private void presignedDownload(HttpExchange exchange, String method, String path) throws IOException {
		Matcher matcher = PRESIGNED_DOWNLOAD.matcher(path);
		if (!matcher.matches()) {
			sendS3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
			return;
		}
		if (!HttpExchanges.requireMethod(exchange, method, "GET")) {
			return;
		}
		String objectId = matcher.group(1);
		Map<String, String> query = HttpExchanges.queryParameters(exchange);
		String expires = query.get("expires");
		String signature = query.get("signature");
		if (expires == null || !expires.matches("\\d{1,18}")
				|| !HmacSha256.sameText(downloadSignature(objectId, expires), signature)) {
			logger.info("presigned download of {} refused: signature does not match", objectId);
			sendS3Error(exchange, 403, "SignatureDoesNotMatch",
					"The request signature we calculated does not match the signature you provided.");
			return;
		}
		if (System.currentTimeMillis() >= Long.parseLong(expires)) {
			logger.info("presigned download of {} refused: URL expired", objectId);
			sendS3Error(exchange, 403, "AccessDenied", "Request has expired");
			return;
		}
		StoredContent document = this.documents.get(objectId);
		if (document == null) {
			sendS3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
			return;
		}
		logger.info("presigned download of document {} ({} bytes)", objectId, document.size());
		HttpExchanges.sendContent(exchange, document);
	}

	private void partnerContent(HttpExchange exchange, String method, String name) throws IOException {
		if (!HttpExchanges.requireMethod(exchange, method, "GET")) {
			return;
		}
		StoredContent content = this.contents.get(name);
		if (content == null) {
			logger.info("partner content {} not found", name);
			HttpExchanges.sendError(exchange, 404, "not found");
			return;
		}
		logger.info("partner content {} ({} bytes)", name, content.size());
		HttpExchanges.sendContent(exchange, content);
	}

	private void sendStoredJson(HttpExchange exchange, String kind, String id, String json) throws IOException {
		if (json == null) {
			logger.info("{} {} not found", kind, id);
			HttpExchanges.sendError(exchange, 404, "not found");
			return;
		}
		logger.info("{} {} fetched", kind, id);
		HttpExchanges.sendText(exchange, 200, "application/json", json);
	}

	/**
	 * Whether a request to object storage, orders or shipments carries a valid access
	 * token: Tradecloud takes Basic credentials per request on its connector endpoints
	 * only, "not by other services like the object-storage".
	 */
	private boolean isAuthorized(String authorization) {
		return authorization != null && HttpExchanges.hasScheme(authorization, "Bearer")
				&& this.tokens.isValidAccessToken(authorization.substring("Bearer".length()).trim());
	}

	private boolean isIntegrationUser(String authorization) {
		HttpExchanges.Credentials credentials = HttpExchanges.basicCredentials(authorization, false);
		return credentials != null && credentials.matches(this.settings.userEmail(), this.settings.userPassword());
	}

	private String downloadSignature(String objectId, String expires) {
		return this.downloadUrlSigner.signBase64Url((objectId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
	}

	private String pathUrl(String path) {
		try {
			return this.baseUrl + new URI(null, null, path, null).toASCIIString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Cannot put in a URL: " + path, ex);
		}
	}

	private static void sendS3Error(HttpExchange exchange, int status, String code, String message) throws IOException {
		HttpExchanges.sendText(exchange, status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				+ "<Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>\n");
	}

	private static String requireId(String id, String name) {
		if (id == null || id.isEmpty() || id.contains("/")) {
			throw new IllegalArgumentException(name + " must be a non-empty path segment: " + id);
		}
		return id;
	}

}
