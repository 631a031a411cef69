package io.tcconnector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * Reads requests and writes answers on the JDK HTTP server: the method check, Basic and
 * bearer credentials, form and query parameters; JSON, OAuth2 errors, plain text, empty
 * answers and streamed content with a fixed length.
 */
final class HttpExchanges {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final ObjectMapper JSON = new ObjectMapper();

	private HttpExchanges() {
	}

	static ObjectMapper json() {
		return JSON;
	}

	static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
		sendBytes(exchange, status, "application/json", JSON.writeValueAsBytes(body));
	}

	static void sendError(HttpExchange exchange, int status, String error) throws IOException {
		sendJson(exchange, status, Map.of("error", error));
	}

	static void sendText(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		sendBytes(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
	}

	static void sendEmpty(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
	}

	static void sendBytes(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	/**
	 * Streams content with a 200, a {@code Content-Type} and a {@code Content-Length},
	 * never holding more than one buffer of it.
	 * @param exchange the exchange
	 * @param content what to send
	 * @throws IOException when the client goes away
	 */
	static void sendContent(HttpExchange exchange, StoredContent content) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", content.contentType());
		long length = content.size();
		exchange.sendResponseHeaders(200, (length == 0) ? -1 : length);
		if (length == 0) {
			return;
		}
		try (InputStream in = content.open(); OutputStream out = exchange.getResponseBody()) {
			byte[] buffer = new byte[BUFFER_SIZE];
			int read;
			while ((read = in.read(buffer)) != -1) {
				out.write(buffer, 0, read);
			}
		}
	}

	static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(limit + 1);
			if (body.length > limit) {
				throw new IllegalArgumentException("request body larger than " + limit + " bytes");
			}
			return body;
		}
	}

	static Map<String, String> queryParameters(HttpExchange exchange) {
		return formParameters(exchange.getRequestURI().getRawQuery());
	}

	/**
	 * Decodes {@code application/x-www-form-urlencoded} text, as in a query string or a
	 * form body; the first of repeated names wins.
	 * @param encoded the encoded text, may be null
	 * @return the parameters in their order
	 * @throws IllegalArgumentException when a percent escape is malformed
	 */
	static Map<String, String> formParameters(String encoded) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return parameters;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	/**
	 * Answers 405 with an {@code Allow} header unless the request uses the method.
	 * @param exchange the exchange
	 * @param method the request's method
	 * @param allowed the one method the path takes
	 * @return true when the request may go on; false when it was answered
	 * @throws IOException when the client goes away
	 */
	static boolean requireMethod(HttpExchange exchange, String method, String allowed) throws IOException {
		if (allowed.equals(method)) {
			return true;
		}
		exchange.getResponseHeaders().set("Allow", allowed);
		sendError(exchange, 405, "method not allowed");
		return false;
	}

	/**
	 * Answers an OAuth2 token endpoint error (RFC 6749 5.2).
	 * @param exchange the exchange
	 * @param status the status
	 * @param error the error code
	 * @param description the human-readable description
	 * @throws IOException when the client goes away
	 */
	static void sendOAuthError(HttpExchange exchange, int status, String error, String description) throws IOException {
		Map<String, String> answer = new LinkedHashMap<>();
		answer.put("error", error);
		answer.put("error_description", description);
		sendJson(exchange, status, answer);
	}

	/**
	 * Whether an {@code Authorization} header uses a scheme, in any case.
	 * @param authorization the header
	 * @param scheme {@code Basic} or {@code Bearer}
	 * @return true when the header starts with the scheme and a space
	 */
	static boolean hasScheme(String authorization, String scheme) {
		return authorization.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1);
	}

	/**
	 * The token of a bearer {@code Authorization} header.
	 * @param authorization the header, may be null
	 * @return the token, or null when the header is not a bearer token
	 */
	static String bearerToken(String authorization) {
		if (authorization == null || !hasScheme(authorization, "Bearer")) {
			return null;
		}
		String token = authorization.substring("Bearer".length()).trim();
		return token.isEmpty() ? null : token;
	}

	/**
	 * The name and secret of an HTTP Basic {@code Authorization} header.
	 * @param authorization the header, may be null
	 * @param formEncoded whether both parts are form-encoded, as RFC 6749 2.3.1 wants for
	 * client credentials
	 * @return the credentials, or null when the header is not valid Basic
	 */
	static Credentials basicCredentials(String authorization, boolean formEncoded) {
		if (authorization == null || !hasScheme(authorization, "Basic")) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic".length()).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return null;
			}
			String name = decoded.substring(0, colon);
			String secret = decoded.substring(colon + 1);
			return formEncoded ? new Credentials(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(secret, StandardCharsets.UTF_8)) : new Credentials(name, secret);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A name and a secret from a request: a user and password, or a client id and secret.
	 *
	 * @param name the user name or client id, may be null
	 * @param secret the password or client secret, may be null
	 */
	record Credentials(String name, String secret) {

		/**
		 * Compares both parts in constant time, neither short-circuiting the other.
		 * @param expectedName the name wanted
		 * @param expectedSecret the secret wanted
		 * @return whether both match
		 */
		boolean matches(String expectedName, String expectedSecret) {
			return HmacSha256.sameText(expectedName, this.name) & HmacSha256.sameText(expectedSecret, this.secret);
		}

	}

}
