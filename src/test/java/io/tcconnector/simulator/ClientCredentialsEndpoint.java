package io.tcconnector.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.sun.net.httpserver.HttpExchange;
import io.tcconnector.simulator.HttpExchanges.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OAuth2 token endpoint for the client credentials grant (RFC 6749 4.4), the one piece
 * of code behind both of the simulator's: the Entra look-alike's
 * {@code /entra/{tenant}/oauth2/v2.0/token} and the stand-in ERP's
 * {@code /erp/oauth2/token}. It takes a POSTed form, the client authenticated in the form
 * body ({@code client_secret_post}) or with HTTP Basic ({@code client_secret_basic}),
 * never both, and answers errors as RFC 6749 5.2 JSON, a refused client with 401 and a
 * Basic challenge. Which clients exist and what a token is are its owner's: a
 * {@link Clients} check and an {@link Issuer}.
 */
final class ClientCredentialsEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(ClientCredentialsEndpoint.class);

	private static final int MAX_TOKEN_REQUEST = 64 * 1024;

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String GRANT_TYPE = "client_credentials";

	private final String name;

	private final String realm;

	private final Clients clients;

	private final Issuer issuer;

	/**
	 * A token endpoint.
	 * @param name who issues the tokens, for the log ({@code Entra}, {@code ERP})
	 * @param realm the realm of the Basic challenge a refused client gets
	 * @param clients which client id and secret pairs are known
	 * @param issuer what a known client gets
	 */
	ClientCredentialsEndpoint(String name, String realm, Clients clients, Issuer issuer) {
		this.name = Objects.requireNonNull(name, "name");
		this.realm = Objects.requireNonNull(realm, "realm");
		this.clients = Objects.requireNonNull(clients, "clients");
		this.issuer = Objects.requireNonNull(issuer, "issuer");
	}

	/**
	 * Answers a token request.
	 * @param exchange the exchange
	 * @param method the request method, upper case
	 * @throws IOException when the client goes away
	 */
	void handle(HttpExchange exchange, String method) throws IOException {
		if (!HttpExchanges.requireMethod(exchange, method, "POST")) {
			return;
		}
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.getResponseHeaders().set("Pragma", "no-cache");
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
			HttpExchanges.sendOAuthError(exchange, 400, "invalid_request", "the token request must be " + FORM);
			return;
		}
		Map<String, String> form;
		try {
			form = HttpExchanges.formParameters(
					new String(HttpExchanges.readBody(exchange, MAX_TOKEN_REQUEST), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			HttpExchanges.sendOAuthError(exchange, 400, "invalid_request", "the form body cannot be read");
			return;
		}
		String grantType = form.get("grant_type");
		if (grantType == null || grantType.isEmpty()) {
			HttpExchanges.sendOAuthError(exchange, 400, "invalid_request", "grant_type is required");
			return;
		}
		if (!grantType.equals(GRANT_TYPE)) {
			HttpExchanges.sendOAuthError(exchange, 400, "unsupported_grant_type",
					"unsupported grant type '" + grantType + "', only " + GRANT_TYPE + " is supported");
			return;
		}
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization != null && form.containsKey("client_secret")) {
			HttpExchanges.sendOAuthError(exchange, 400, "invalid_request",
					"use client_secret_basic or client_secret_post, not both");
			return;
		}
		Credentials client = (authorization != null) ? HttpExchanges.basicCredentials(authorization, true)
				: new Credentials(form.get("client_id"), form.get("client_secret"));
		if (client == null || client.name() == null || !this.clients.authenticate(client)) {
			logger.info("{} token request refused: unknown client or wrong secret", this.name);
			exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + this.realm + "\"");
			HttpExchanges.sendOAuthError(exchange, 401, "invalid_client",
					"client authentication failed: unknown client or wrong secret");
			return;
		}
		Map<String, Object> token;
		try {
			token = this.issuer.issue(client.name(), form.get("scope"));
		}
		catch (Refusal refusal) {
			HttpExchanges.sendOAuthError(exchange, 400, refusal.error(), refusal.getMessage());
			return;
		}
		HttpExchanges.sendJson(exchange, 200, token);
	}

	/**
	 * Which clients the endpoint knows.
	 */
	@FunctionalInterface
	interface Clients {

		/**
		 * Whether a client id and secret are known, compared in constant time.
		 * @param client the client id and secret, the secret may be null
		 * @return whether to issue a token
		 */
		boolean authenticate(Credentials client);

	}

	/**
	 * What an authenticated client gets.
	 */
	@FunctionalInterface
	interface Issuer {

		/**
		 * Issues a token.
		 * @param clientId the authenticated client
		 * @param scope the requested scope, may be null
		 * @return the token response (RFC 6749 5.1), answered 200 as JSON
		 * @throws Refusal when the request cannot get a token, answered 400
		 */
		Map<String, Object> issue(String clientId, String scope) throws Refusal;

	}

	/**
	 * A request an {@link Issuer} refuses, answered 400 with an RFC 6749 5.2 error.
	 */
	static final class Refusal extends Exception {

		private final String error;

		/**
		 * A refusal.
		 * @param error the error code, such as {@code invalid_scope}
		 * @param description the {@code error_description}
		 */
		Refusal(String error, String description) {
			super(description);
			this.error = error;
		}

		String error() {
			return this.error;
		}

	}

}
