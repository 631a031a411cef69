package io.tcconnector.tradecloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.tcconnector.codec.Codecs;
import io.tcconnector.config.TradecloudProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Calls the Tradecloud API v2 as the integration user, with the JWT: Tradecloud takes
 * Basic credentials per request only on its connector endpoints, not on object storage or
 * the order and shipment fetches, so the client logs in once (Basic, on
 * {@code /authentication/login}), shares the access token between all callers, refreshes
 * it before it expires and when the API answers 401, and logs in again when the refresh
 * is refused. Every call has time-outs. Failures are classified:
 * {@link TradecloudUnavailableException} (5xx, refused, timed out: retry) or
 * {@link TradecloudRejectedException} (404, or 401/403 after a fresh login: do not
 * retry). Every call is observed as {@code tradecloud.api.requests} (a timer by endpoint,
 * outcome and status, and a span when tracing is on).
 */
@Component
public class TradecloudApiClient {

	private static final Logger log = LoggerFactory.getLogger(TradecloudApiClient.class);

	/**
	 * Lifetime of an access token whose expiry cannot be read (Tradecloud: 10 minutes).
	 */
	private static final Duration ASSUMED_TOKEN_LIFETIME = Duration.ofMinutes(10);

	private final TradecloudProperties.Api settings;

	private final HttpClient http;

	private final ObjectMapper json = new ObjectMapper();

	private final ReentrantLock tokenLock = new ReentrantLock();

	private final ObservationRegistry observations;

	private volatile Tokens tokens;

	public TradecloudApiClient(TradecloudProperties properties) {
		this(properties, ObservationRegistry.NOOP);
	}

	@Autowired
	public TradecloudApiClient(TradecloudProperties properties, ObservationRegistry observations) {
		this.observations = observations;
		this.settings = properties.api();
		this.http = HttpClient.newBuilder()
			.connectTimeout(this.settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
	}

	/**
	 * GETs a JSON resource of the API, such as {@code /order/{id}}.
	 * @param path the path below the API base URL
	 * @return the JSON answer
	 */
	public JsonNode getJson(String path) {
		HttpResponse<InputStream> response = send(path, this.settings.requestTimeout());
		try (InputStream body = response.body()) {
			return this.json.readTree(body);
		}
		catch (IOException ex) {
			throw new TradecloudUnavailableException("Tradecloud API answer to GET " + path + " could not be read", ex);
		}
	}

	/**
	 * GETs JSON from another Tradecloud API (the legacy API v1) with Basic credentials,
	 * with the same time-outs and the same classification of failures.
	 * @param url the full URL
	 * @param username the user name
	 * @param password the password
	 * @return the JSON answer
	 */
	public JsonNode getJsonWithBasic(URI url, String username, String password) {
		HttpRequest request = request(url, this.settings.requestTimeout(),
				Codecs.basicAuthorization(username, password));
		String what = "GET " + url.getPath();
		HttpResponse<InputStream> response = successful(exchange(request, what, "legacy-api"), what);
		try (InputStream body = response.body()) {
			return this.json.readTree(body);
		}
		catch (IOException ex) {
			throw new TradecloudUnavailableException("answer to " + what + " could not be read", ex);
		}
	}

	/**
	 * GETs a resource of the API as a stream, for downloads; the caller closes it.
	 * @param path the path below the API base URL
	 * @return the successful (2xx) answer, its body not yet read
	 */
	public HttpResponse<InputStream> stream(String path) {
		return send(path, this.settings.downloadTimeout());
	}

	/**
	 * GETs a URL outside the API (a presigned download URL, a partner's content server)
	 * without Tradecloud credentials.
	 * @param url the URL, http or https
	 * @return the answer, whatever its status; the caller closes the body
	 * @throws TradecloudUnavailableException when the server cannot be reached in time
	 */
	public HttpResponse<InputStream> getUnauthenticated(URI url) {
		HttpRequest request = HttpRequest.newBuilder(url).timeout(this.settings.downloadTimeout()).GET().build();
		return exchange(request, "GET " + url.getHost() + url.getPath(), "download-url");
	}

	private HttpResponse<InputStream> send(String path, Duration timeout) {
		URI uri = apiUri(path);
		String token = currentToken();
		HttpResponse<InputStream> response = exchange(request(uri, timeout, "Bearer " + token), "GET " + path,
				endpoint(path));
		for (boolean tryRefresh : new boolean[] { true, false }) {
			if (response.statusCode() != 401 && response.statusCode() != 403) {
				break;
			}
			discard(response);
			log.info("Tradecloud API answered {} to GET {}: {}", response.statusCode(), path,
					tryRefresh ? "refreshing the access token" : "logging in again");
			token = renewedToken(token, tryRefresh);
			response = exchange(request(uri, timeout, "Bearer " + token), "GET " + path, endpoint(path));
		}
		return successful(response, "GET " + path);
	}

	/** A path below the API base URL, whether or not that ends with a slash. */
	private URI apiUri(String path) {
		return URI.create(this.settings.url().toString().replaceAll("/+$", "") + path);
	}

	private HttpResponse<InputStream> successful(HttpResponse<InputStream> response, String what) {
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return response;
		}
		discard(response);
		if (status >= 500 || status == 408 || status == 429) {
			throw new TradecloudUnavailableException("Tradecloud API answered " + status + " to " + what);
		}
		throw new TradecloudRejectedException(status, "Tradecloud API answered " + status + " to " + what);
	}

	private HttpRequest request(URI uri, Duration timeout, String authorization) {
		return HttpRequest.newBuilder(uri)
			.timeout(timeout)
			.header("Authorization", authorization)
			.header("Accept", "application/json")
			.GET()
			.build();
	}

	/**
	 * The endpoint of an API path, its ids left out: {@code /order/{id}},
	 * {@code /object-storage/document/{id}/metadata}.
	 */
	static String endpoint(String path) {
		String[] segments = path.replaceFirst("[?#].*$", "").split("/");
		for (int i = 1; i < segments.length; i++) {
			if (segments[i - 1].equals("order") || segments[i - 1].equals("shipment")
					|| segments[i - 1].equals("document")) {
				segments[i] = "{id}";
			}
		}
		return String.join("/", segments);
	}

	private HttpResponse<InputStream> exchange(HttpRequest request, String what, String endpoint) {
		Observation observation = Observation.createNotStarted("tradecloud.api.requests", this.observations)
			.contextualName("tradecloud-api " + endpoint)
			.lowCardinalityKeyValue("endpoint", endpoint)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			HttpResponse<InputStream> response = call(request, what);
			int status = response.statusCode();
			observation.lowCardinalityKeyValue("status", Integer.toString(status))
				.lowCardinalityKeyValue("outcome", (status >= 200 && status < 300) ? "success"
						: (status >= 500 || status == 408 || status == 429) ? "unavailable" : "rejected");
			return response;
		}
		catch (RuntimeException ex) {
			observation.lowCardinalityKeyValue("status", "none")
				.lowCardinalityKeyValue("outcome", "unavailable")
				.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private HttpResponse<InputStream> call(HttpRequest request, String what) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (HttpTimeoutException ex) {
			throw new TradecloudUnavailableException("Tradecloud API timed out on " + what, ex);
		}
		catch (ConnectException ex) {
			throw new TradecloudUnavailableException("Tradecloud API refused the connection for " + what, ex);
		}
		catch (IOException ex) {
			throw new TradecloudUnavailableException("Tradecloud API failed on " + what + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TradecloudUnavailableException("Interrupted while calling the Tradecloud API", ex);
		}
	}

	/**
	 * The shared access token while it is valid for longer than the refresh margin,
	 * otherwise a renewed one.
	 */
	private String currentToken() {
		Tokens current = this.tokens;
		if (current != null && !current.expiresWithin(margin(current))) {
			return current.token();
		}
		return renewedToken(null, true);
	}

	/**
	 * Renews the shared access token, once for all callers: by a refresh when asked and
	 * possible, otherwise by a new login.
	 * @param rejected the token the API refused, or null when it is about to expire
	 * @param tryRefresh whether to try a refresh before logging in
	 */
	private String renewedToken(String rejected, boolean tryRefresh) {
		this.tokenLock.lock();
		try {
			Tokens current = this.tokens;
			if (current != null && !current.token().equals(rejected) && !current.expiresWithin(margin(current))) {
				return current.token();
			}
			Tokens renewed = (tryRefresh && current != null) ? refresh(current) : null;
			if (renewed == null) {
				renewed = login();
			}
			this.tokens = renewed;
			return renewed.token();
		}
		finally {
			this.tokenLock.unlock();
		}
	}

	private Duration margin(Tokens tokens) {
		Duration half = tokens.lifetime().dividedBy(2);
		Duration configured = this.settings.refreshBeforeExpiry();
		return configured.compareTo(half) < 0 ? configured : half;
	}

	private Tokens login() {
		URI uri = apiUri("/authentication/login");
		HttpResponse<InputStream> response = exchange(request(uri, this.settings.requestTimeout(), basic()),
				"GET /authentication/login", "/authentication/login");
		discard(response);
		if (response.statusCode() == 401 || response.statusCode() == 403) {
			throw new TradecloudRejectedException(response.statusCode(), "Tradecloud refused the login of "
					+ this.settings.username() + ": check tradecloud.api.username and tradecloud.api.password");
		}
		successful(response, "GET /authentication/login");
		Tokens tokens = Tokens.from(response, this.json);
		if (tokens == null) {
			throw new TradecloudUnavailableException("Tradecloud login answered without Set-Authorization");
		}
		log.info("Logged in to the Tradecloud API as {}; access token valid for {}", this.settings.username(),
				tokens.lifetime());
		return tokens;
	}

	private Tokens refresh(Tokens current) {
		if (current.refreshToken() == null) {
			return null;
		}
		URI uri = apiUri("/authentication/refresh");
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.settings.requestTimeout())
			.header("Refresh-Token", current.refreshToken())
			.GET()
			.build();
		try {
			HttpResponse<InputStream> response = exchange(request, "GET /authentication/refresh",
					"/authentication/refresh");
			discard(response);
			if (response.statusCode() != 200) {
				log.info("Tradecloud refused to refresh the access token ({}): logging in again",
						response.statusCode());
				return null;
			}
			Tokens refreshed = Tokens.from(response, this.json);
			if (refreshed != null) {
				log.debug("Refreshed the Tradecloud access token");
			}
			return refreshed;
		}
		catch (TradecloudUnavailableException ex) {
			log.info("Could not refresh the Tradecloud access token ({}): logging in again", ex.getMessage());
			return null;
		}
	}

	private String basic() {
		TradecloudProperties.Credentials user = this.settings.credentials();
		if (!user.isEnabled()) {
			throw new TradecloudRejectedException(401,
					"No Tradecloud API user configured: set tradecloud.api.username and tradecloud.api.password");
		}
		return Codecs.basicAuthorization(user.username(), user.password());
	}

	private static void discard(HttpResponse<InputStream> response) {
		try (InputStream body = response.body()) {
			body.transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			// the connection is dropped instead of reused
		}
	}

	/**
	 * An access token with its refresh token and expiry.
	 */
	private record Tokens(String token, String refreshToken, long issuedAtMillis, long expiresAtMillis) {

		static Tokens from(HttpResponse<?> response, ObjectMapper json) {
			String token = response.headers().firstValue("Set-Authorization").orElse(null);
			if (token == null || token.isBlank()) {
				return null;
			}
			token = token.replaceFirst("(?i)^Bearer\\s+", "").strip();
			long now = System.currentTimeMillis();
			long expiresAt = expiryOf(token, json);
			if (expiresAt <= now) {
				expiresAt = now + ASSUMED_TOKEN_LIFETIME.toMillis();
			}
			return new Tokens(token, response.headers().firstValue("Set-Refresh-Token").orElse(null), now, expiresAt);
		}

		/** The {@code exp} claim of a JWT, or 0 when it cannot be read. */
		private static long expiryOf(String token, ObjectMapper json) {
			String[] parts = token.split("\\.");
			if (parts.length < 2) {
				return 0;
			}
			try {
				JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
				return claims.path("exp").asLong(0) * 1000;
			}
			catch (IOException | IllegalArgumentException ex) {
				return 0;
			}
		}

		Duration lifetime() {
			return Duration.ofMillis(this.expiresAtMillis - this.issuedAtMillis);
		}

		boolean expiresWithin(Duration margin) {
			return System.currentTimeMillis() + margin.toMillis() >= this.expiresAtMillis;
		}

		@Override
		public String toString() {
			return "Tokens[expiresAt=" + this.expiresAtMillis + "]";
		}

	}

}
