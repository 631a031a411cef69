package io.tcconnector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * Writes answers on the JDK HTTP server: JSON, plain text, empty answers and streamed
 * content with a fixed length.
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

}
