package io.tcconnector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets an OAuth2 access token with the client credentials grant, the client authenticated
 * in the form body ({@code client_secret_post}), as Tradecloud does with Entra ID, and
 * keeps it until {@link WebhookSender#TOKEN_RENEWAL_MARGIN} before its {@code expires_in}
 * runs out, or until {@link #forget()}. Thread-safe.
 */
final class ClientCredentialsToken {

	private static final Logger logger = LoggerFactory.getLogger(ClientCredentialsToken.class);

	private final HttpClient client;

	private final URI tokenUrl;

	private final String clientId;

	private final String clientSecret;

	private final String scope;

	private final Duration requestTimeout;

	private String token;

	private long renewAtNanos;

	ClientCredentialsToken(HttpClient client, URI tokenUrl, String clientId, String clientSecret, String scope,
			Duration requestTimeout) {
		this.client = Objects.requireNonNull(client, "client");
		this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
		this.clientId = Objects.requireNonNull(clientId, "clientId");
		this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
		this.scope = Objects.requireNonNull(scope, "scope");
		this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
	}

	/**
	 * The {@code Authorization} header with the kept token, or with a new one when none
	 * is kept or it is about to expire.
	 * @return {@code Bearer <token>}
	 * @throws TokenRequestException when the token endpoint gave no token
	 * @throws InterruptedException when interrupted while waiting for it
	 */
	synchronized String authorization() throws TokenRequestException, InterruptedException {
		if (this.token == null || System.nanoTime() - this.renewAtNanos >= 0) {
			fetch();
		}
		return "Bearer " + this.token;
	}

	/** Drops the kept token, so the next request fetches a new one. */
	synchronized void forget() {
		this.token = null;
	}

	private void fetch() throws TokenRequestException, InterruptedException {
		String form = "grant_type=client_credentials&client_id=" + encode(this.clientId) + "&client_secret="
				+ encode(this.clientSecret) + "&scope=" + encode(this.scope);
		HttpRequest request = HttpRequest.newBuilder(this.tokenUrl)
			.timeout(this.requestTimeout)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
			.build();
		long sentAt = System.nanoTime();
		HttpResponse<String> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new TokenRequestException("no answer from " + this.tokenUrl + " (" + ex + ")", true);
		}
		int status = response.statusCode();
		if (status != 200) {
			// A refused client or scope stays refused; anything else may pass later.
			throw new TokenRequestException("token endpoint answered " + status + ": " + abbreviate(response.body()),
					status < 400 || status >= 500);
		}
		JsonNode answer;
		try {
			answer = HttpExchanges.json().readTree(response.body());
		}
		catch (IOException ex) {
			throw new TokenRequestException("token endpoint answered no JSON: " + abbreviate(response.body()), false);
		}
		String accessToken = answer.path("access_token").asText("");
		if (accessToken.isEmpty() || !"bearer".equalsIgnoreCase(answer.path("token_type").asText("Bearer"))) {
			throw new TokenRequestException("token endpoint answered no bearer token", false);
		}
		Duration expiresIn = Duration.ofSeconds(answer.path("expires_in").asLong(0));
		this.token = accessToken;
		// Counted from when the request left, so the token never outlives what was said.
		this.renewAtNanos = sentAt + expiresIn.minus(WebhookSender.TOKEN_RENEWAL_MARGIN).toNanos();
		logger.info("OAuth2 token for {} fetched from {}, expires in {} s", this.clientId, this.tokenUrl,
				expiresIn.toSeconds());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String abbreviate(String body) {
		return (body.length() > 300) ? body.substring(0, 300) + "..." : body;
	}

	/**
	 * The token endpoint gave no token.
	 */
	static final class TokenRequestException extends Exception {

		private final boolean retryable;

		TokenRequestException(String message, boolean retryable) {
			super(message);
			this.retryable = retryable;
		}

		/**
		 * Whether asking again may help: no answer or a 5xx, not a refused client or
		 * scope.
		 * @return whether to retry
		 */
		boolean retryable() {
			return this.retryable;
		}

	}

}
