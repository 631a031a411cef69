package io.tcconnector.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import io.tcconnector.simulator.FaultSchedule.InjectedFault;
import io.tcconnector.simulator.HttpExchanges.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the ERP the connector POSTs order events to, under {@code /erp/}: every
 * {@code POST} there but the token endpoint is a delivery, recorded in arrival order (the
 * latest 10,000) and answered 200 {@code {"status":"received"}} unless the ERP is
 * switched off (503), slowed down, set to reject a purchase order number, or expects
 * credentials it did not get (401). The token endpoint {@code /erp/oauth2/token}
 * implements the OAuth2 client credentials grant, with the client authenticated in the
 * form body ({@code client_secret_post}) or with HTTP Basic
 * ({@code client_secret_basic}): a {@link ClientCredentialsEndpoint}, as the Entra
 * look-alike's. Thread-safe: tests change the behaviour while requests run.
 */
final class ErpStandIn {

	static final String PREFIX = "/erp/";

	/** Where a shipment's rejection rule is kept, before its shipment number. */
	static final String SHIPMENT = "shipment:";

	/** Where shipment events go, an example of a second ERP endpoint. */
	static final String SHIPMENTS_PATH = "/erp/shipments";

	static final String DELIVERY_PATH = "/erp/order-events";

	static final String TOKEN_PATH = "/erp/oauth2/token";

	/** The most deliveries kept; beyond it the oldest are forgotten. */
	static final int MAX_RECORDED = 10_000;

	private static final Logger logger = LoggerFactory.getLogger(ErpStandIn.class);

	private static final int MAX_BODY = 32 * 1024 * 1024;

	private static final String REALM = "erp-stand-in";

	private final RequestCounters counters;

	private final SecureRandom random = new SecureRandom();

	private final AtomicLong arrivals = new AtomicLong();

	// Keyed by arrival number, so a delivery answered late still lists where it arrived.
	private final NavigableMap<Long, ErpDelivery> deliveries = new TreeMap<>();

	private final Map<String, Integer> rejections = new ConcurrentHashMap<>();

	private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

	private final Object delayLock = new Object();

	private volatile boolean available = true;

	private volatile Duration delay = Duration.ZERO;

	private volatile Expectation expectation = Expectation.NONE;

	private final ClientCredentialsEndpoint tokenEndpoint = new ClientCredentialsEndpoint("ERP", REALM,
			this::isExpectedClient, this::issueToken);

	ErpStandIn(RequestCounters counters) {
		this.counters = counters;
	}

	/**
	 * Whether a request is an ERP delivery, to be recorded even when a fault answers it.
	 * @param method the request method, upper case
	 * @param path the decoded request path
	 * @return whether it is a {@code POST} under {@code /erp/} other than the token
	 * endpoint
	 */
	static boolean isDelivery(String method, String path) {
		return "POST".equals(method) && path.startsWith(PREFIX) && !path.equals(TOKEN_PATH);
	}

	/**
	 * Answers a request under {@code /erp/} that no fault took.
	 * @param exchange the exchange
	 * @param method the request method, upper case
	 * @param path the decoded request path
	 * @throws IOException when the client goes away
	 */
	void handle(HttpExchange exchange, String method, String path) throws IOException {
		if (path.equals(TOKEN_PATH)) {
			this.tokenEndpoint.handle(exchange, method);
		}
		else if (isDelivery(method, path)) {
			deliver(exchange, path);
		}
		else {
			exchange.getResponseHeaders().set("Allow", "POST");
			HttpExchanges.sendError(exchange, 405, "method not allowed");
		}
	}

	/**
	 * Records a delivery an injected fault answers; reads its body first, so the fault is
	 * answered after the whole request arrived.
	 * @param exchange the exchange
	 * @param path the decoded request path
	 * @param fault the fault about to be applied
	 * @throws IOException when the client goes away
	 */
	void recordInjectedFault(HttpExchange exchange, String path, InjectedFault fault) throws IOException {
		long arrival = this.arrivals.incrementAndGet();
		Instant receivedAt = Instant.now();
		byte[] body = readBodyOrNull(exchange);
		record(arrival, new ErpDelivery(path, headersOf(exchange), (body != null) ? body : new byte[0],
				fault.drop() ? 0 : fault.status(), receivedAt));
	}

	List<ErpDelivery> deliveries() {
		synchronized (this.deliveries) {
			return List.copyOf(this.deliveries.values());
		}
	}

	void clearDeliveries() {
		synchronized (this.deliveries) {
			this.deliveries.clear();
		}
	}

	void setAvailable(boolean available) {
		this.available = available;
	}

	boolean isAvailable() {
		return this.available;
	}

	/**
	 * Changes the wait before answering; deliveries already waiting wait for the new
	 * delay, counted from when their body was read.
	 * @param delay the wait, not negative
	 */
	void setDelay(Duration delay) {
		requireNotNegative(delay, "ERP delay");
		synchronized (this.delayLock) {
			this.delay = delay;
			this.delayLock.notifyAll();
		}
	}

	void reject(String purchaseOrderNumber, int status) {
		Objects.requireNonNull(purchaseOrderNumber, "purchaseOrderNumber");
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("a rejection status must be between 400 and 599: " + status);
		}
		this.rejections.put(purchaseOrderNumber, status);
	}

	void clearRejections() {
		this.rejections.clear();
	}

	void expect(Expectation expectation) {
		this.expectation = expectation;
		this.tokens.clear();
	}

	void expireTokens() {
		this.tokens.clear();
	}

	private void deliver(HttpExchange exchange, String path) throws IOException {
		long arrival = this.arrivals.incrementAndGet();
		Instant receivedAt = Instant.now();
		Map<String, String> headers = headersOf(exchange);
		byte[] body = readBodyOrNull(exchange);
		if (body == null) {
			record(arrival, new ErpDelivery(path, headers, new byte[0], 413, receivedAt));
			HttpExchanges.sendError(exchange, 413, "body larger than " + MAX_BODY + " bytes");
			return;
		}
		awaitDelay(System.nanoTime());
		Answer answer = answer(headers);
		ErpDelivery delivery = new ErpDelivery(path, headers, body, answer.status(), receivedAt);
		// Recorded before answering, so a client that has its answer finds it recorded.
		record(arrival, delivery);
		logger.info("ERP delivery answered: {}", delivery);
		if (answer.challenge() != null) {
			exchange.getResponseHeaders().set("WWW-Authenticate", answer.challenge());
		}
		HttpExchanges.sendJson(exchange, answer.status(), answer.body());
	}

	private Answer answer(Map<String, String> headers) {
		if (!this.available) {
			return new Answer(503, Map.of("error", "erp unavailable"), null);
		}
		Expectation expected = this.expectation;
		String authorization = headers.get("authorization");
		if (!isAuthenticated(expected, authorization)) {
			return new Answer(401, Map.of("error", "unauthorized"), challenge(expected, authorization));
		}
		String purchaseOrderNumber = headers.get("tradecloud-purchase-order-number");
		String shipmentNumber = headers.get("tradecloud-shipment-number");
		Integer rejection = (purchaseOrderNumber != null) ? this.rejections.get(purchaseOrderNumber)
				: (shipmentNumber != null) ? this.rejections.get(SHIPMENT + shipmentNumber) : null;
		if (rejection != null) {
			return new Answer(rejection, Map.of("error", "rejected by the ERP"), null);
		}
		return new Answer(200, Map.of("status", "received"), null);
	}

	private boolean isAuthenticated(Expectation expected, String authorization) {
		return switch (expected.kind()) {
			case NONE -> true;
			case BASIC -> {
				Credentials credentials = HttpExchanges.basicCredentials(authorization, false);
				yield credentials != null && credentials.matches(expected.name(), expected.secret());
			}
			case BEARER -> HmacSha256.sameText(expected.secret(), HttpExchanges.bearerToken(authorization));
			case OAUTH2 -> isValidToken(HttpExchanges.bearerToken(authorization));
		};
	}

	private boolean isValidToken(String token) {
		Instant expiry = (token != null) ? this.tokens.get(token) : null;
		return expiry != null && Instant.now().isBefore(expiry);
	}

	private static String challenge(Expectation expected, String authorization) {
		if (expected.kind() == Kind.BASIC) {
			return "Basic realm=\"" + REALM + "\"";
		}
		// RFC 6750: a token that was presented and refused is an invalid_token.
		return (HttpExchanges.bearerToken(authorization) != null)
				? "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"" : "Bearer realm=\"" + REALM + "\"";
	}

	private boolean isExpectedClient(Credentials client) {
		Expectation expected = this.expectation;
		return expected.kind() == Kind.OAUTH2 && client.matches(expected.name(), expected.secret());
	}

	private Map<String, Object> issueToken(String clientId, String scope) throws ClientCredentialsEndpoint.Refusal {
		Expectation expected = this.expectation;
		if (expected.kind() != Kind.OAUTH2 || !expected.name().equals(clientId)) {
			// the expectation changed since the client was authenticated
			throw new ClientCredentialsEndpoint.Refusal("unauthorized_client", "OAuth2 is no longer expected");
		}
		Duration lifetime = expected.lifetime();
		Instant now = Instant.now();
		this.tokens.values().removeIf((expiry) -> !now.isBefore(expiry));
		String token = randomToken();
		this.tokens.put(token, now.plus(lifetime));
		this.counters.erpTokenIssued();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("access_token", token);
		answer.put("token_type", "Bearer");
		answer.put("expires_in", lifetime.toSeconds());
		if (scope != null && !scope.isEmpty()) {
			answer.put("scope", scope);
		}
		logger.info("ERP token issued, valid {} ms", lifetime.toMillis());
		return answer;
	}

	private void awaitDelay(long startNanos) {
		synchronized (this.delayLock) {
			long remaining;
			while ((remaining = this.delay.toNanos() - (System.nanoTime() - startNanos)) > 0) {
				try {
					// Woken early when the delay changes; the loop then reads the new
					// one.
					this.delayLock.wait(Math.max(1, remaining / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void record(long arrival, ErpDelivery delivery) {
		synchronized (this.deliveries) {
			this.deliveries.put(arrival, delivery);
			if (this.deliveries.size() > MAX_RECORDED) {
				this.deliveries.pollFirstEntry();
			}
		}
	}

	private String randomToken() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte[] readBodyOrNull(HttpExchange exchange) throws IOException {
		try {
			return HttpExchanges.readBody(exchange, MAX_BODY);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Map<String, String> headersOf(HttpExchange exchange) {
		Map<String, String> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values),
					(first, second) -> first + ", " + second));
		return headers;
	}

	private static void requireNotNegative(Duration duration, String name) {
		if (duration == null || duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative: " + duration);
		}
	}

	/**
	 * What ERP deliveries must carry.
	 */
	enum Kind {

		/** Anything or nothing. */
		NONE,

		/** HTTP Basic with a user name and password. */
		BASIC,

		/** A static bearer token. */
		BEARER,

		/** A bearer token issued by the token endpoint and not expired. */
		OAUTH2

	}

	/**
	 * The credentials ERP deliveries must carry.
	 *
	 * @param kind the kind of authentication
	 * @param name the Basic user name or the OAuth2 client id
	 * @param secret the Basic password, the static token or the OAuth2 client secret
	 * @param lifetime how long an issued OAuth2 token is valid
	 */
	record Expectation(Kind kind, String name, String secret, Duration lifetime) {

		static final Expectation NONE = new Expectation(Kind.NONE, null, null, null);

		static Expectation basic(String user, String password) {
			return new Expectation(Kind.BASIC, Objects.requireNonNull(user, "user"),
					Objects.requireNonNull(password, "password"), null);
		}

		static Expectation bearer(String token) {
			if (token == null || token.isBlank()) {
				throw new IllegalArgumentException("the bearer token must not be blank");
			}
			return new Expectation(Kind.BEARER, null, token, null);
		}

		static Expectation oauth2(String clientId, String clientSecret, Duration tokenLifetime) {
			requireNotNegative(tokenLifetime, "token lifetime");
			return new Expectation(Kind.OAUTH2, Objects.requireNonNull(clientId, "clientId"),
					Objects.requireNonNull(clientSecret, "clientSecret"), tokenLifetime);
		}

		@Override
		public String toString() {
			return "Expectation[kind=" + this.kind + ", name=" + this.name + ", lifetime=" + this.lifetime + "]";
		}

	}

	/**
	 * What a delivery is answered.
	 *
	 * @param status the status
	 * @param body the JSON body
	 * @param challenge the {@code WWW-Authenticate} header, or null
	 */
	private record Answer(int status, Map<String, String> body, String challenge) {

	}

}
