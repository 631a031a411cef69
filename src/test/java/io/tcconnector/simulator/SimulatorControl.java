package io.tcconnector.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's HTTP control API under {@code /simulator}, for demos and tests that
 * drive a simulator in another process; loopback clients only, no credentials.
 * <ul>
 * <li>{@code POST /simulator/faults}
 * {@code {"method":"GET","pathPrefix":"/v2/object-storage","status":503,"times":2}}, or
 * {@code "drop":true} instead of {@code status}; {@code DELETE /simulator/faults} clears
 * them</li>
 * <li>{@code POST /simulator/expire-tokens} (access tokens),
 * {@code POST /simulator/expire-refresh-tokens}</li>
 * <li>{@code POST /simulator/documents}
 * {@code {"objectId":"..","filename":"..","contentType":"..","size":123}} (generated
 * content)</li>
 * <li>{@code GET /simulator/counters} (logins, refreshes, ERP tokens issued, Entra tokens
 * issued, Entra key set fetches), {@code DELETE /simulator/counters}</li>
 * <li>{@code GET /simulator/erp}: the stand-in ERP's deliveries,
 * {@code {"deliveries":[{"path":"/erp/order-events","status":200,"messageId":"..",
 * "idempotencyKey":"..","eventName":"..","purchaseOrderNumber":"..","bodySize":123,
 * "receivedAt":"2024-01-01T12:00:00Z"}],"accepted":1}} ({@code accepted} counts the 2xx
 * answers); {@code DELETE /simulator/erp} forgets them</li>
 * <li>{@code POST /simulator/erp/available} {@code {"available":false}} switches the
 * stand-in ERP off (every delivery answered 503), {@code true} on again</li>
 * <li>{@code POST /simulator/entra/clients} {@code {"clientId":"..","secret":".."}}
 * registers a client with the Entra look-alike (or changes its secret)</li>
 * <li>{@code POST /simulator/entra/rotate-key} makes a new Entra signing key, published
 * next to the old ones; {@code POST /simulator/entra/retire-old-keys} leaves only the
 * current one in the JWK set; both answer
 * {@code {"kid":"<current>","published":["<kid>",..]}}</li>
 * <li>{@code POST /simulator/entra/token-version} {@code {"version":1}} issues v1 Entra
 * tokens from now on, {@code 2} v2 tokens again</li>
 * </ul>
 */
final class SimulatorControl {

	static final String PREFIX = "/simulator/";

	private static final Logger logger = LoggerFactory.getLogger(SimulatorControl.class);

	private static final int MAX_BODY = 64 * 1024;

	private final TradecloudSimulator simulator;

	SimulatorControl(TradecloudSimulator simulator) {
		this.simulator = simulator;
	}

	void handle(HttpExchange exchange, String method, String path) throws IOException {
		InetSocketAddress remote = exchange.getRemoteAddress();
		if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
			HttpExchanges.sendError(exchange, 403, "the control API is for loopback clients only");
			return;
		}
		try {
			route(exchange, method + " " + path);
		}
		catch (JsonProcessingException ex) {
			HttpExchanges.sendError(exchange, 400, "body is not valid JSON");
		}
		catch (IllegalArgumentException ex) {
			HttpExchanges.sendError(exchange, 400, ex.getMessage());
		}
	}

	private void route(HttpExchange exchange, String request) throws IOException {
		switch (request) {
			case "POST /simulator/faults" -> addFault(exchange);
			case "DELETE /simulator/faults" -> {
				this.simulator.clearFaults();
				HttpExchanges.sendJson(exchange, 200, Map.of("faults", "cleared"));
			}
			case "POST /simulator/expire-tokens" -> {
				this.simulator.expireAccessTokens();
				HttpExchanges.sendJson(exchange, 200, Map.of("accessTokens", "expired"));
			}
			case "POST /simulator/expire-refresh-tokens" -> {
				this.simulator.expireRefreshTokens();
				HttpExchanges.sendJson(exchange, 200, Map.of("refreshTokens", "expired"));
			}
			case "POST /simulator/documents" -> addGeneratedDocument(exchange);
			case "GET /simulator/counters" -> {
				Map<String, Object> counters = new LinkedHashMap<>();
				counters.put("logins", this.simulator.logins());
				counters.put("refreshes", this.simulator.refreshes());
				counters.put("erpTokens", this.simulator.erpTokensIssued());
				counters.put("entraTokens", this.simulator.entraTokensIssued());
				counters.put("entraKeys", this.simulator.entraKeysRequested());
				HttpExchanges.sendJson(exchange, 200, counters);
			}
			case "DELETE /simulator/counters" -> {
				this.simulator.resetCounters();
				HttpExchanges.sendJson(exchange, 200, Map.of("counters", "reset"));
			}
			case "GET /simulator/erp" -> HttpExchanges.sendJson(exchange, 200, erpDeliveries());
			case "DELETE /simulator/erp" -> {
				this.simulator.clearErpDeliveries();
				HttpExchanges.sendJson(exchange, 200, Map.of("deliveries", "cleared"));
			}
			case "POST /simulator/erp/available" -> setErpAvailable(exchange);
			case "POST /simulator/entra/clients" -> registerEntraClient(exchange);
			case "POST /simulator/entra/rotate-key" -> {
				this.simulator.rotateEntraSigningKey();
				HttpExchanges.sendJson(exchange, 200, entraKeys());
			}
			case "POST /simulator/entra/retire-old-keys" -> {
				this.simulator.retireOldEntraKeys();
				HttpExchanges.sendJson(exchange, 200, entraKeys());
			}
			case "POST /simulator/entra/token-version" -> setEntraTokenVersion(exchange);
			default -> HttpExchanges.sendError(exchange, 404, "unknown control request: " + request);
		}
	}

	private void addFault(HttpExchange exchange) throws IOException {
		JsonNode fault = readJson(exchange);
		String method = fault.path("method").asText("*");
		String pathPrefix = requiredText(fault, "pathPrefix");
		int times = fault.path("times").asInt(1);
		if (fault.path("drop").asBoolean(false)) {
			this.simulator.dropNext(method, pathPrefix, times);
		}
		else {
			if (!fault.path("status").canConvertToInt()) {
				throw new IllegalArgumentException("status (or \"drop\":true) is required");
			}
			this.simulator.failNext(method, pathPrefix, fault.path("status").asInt(), times);
		}
		logger.info("fault scheduled over HTTP: {}", fault);
		HttpExchanges.sendJson(exchange, 200, fault);
	}

	private void addGeneratedDocument(HttpExchange exchange) throws IOException {
		JsonNode document = readJson(exchange);
		String objectId = requiredText(document, "objectId");
		if (!document.path("size").canConvertToLong() || document.path("size").asLong() < 0) {
			throw new IllegalArgumentException("size must be a number of bytes");
		}
		this.simulator.addGeneratedDocument(objectId, document.path("filename").asText(objectId + ".bin"),
				document.path("contentType").asText("application/octet-stream"), document.path("size").asLong());
		logger.info("generated document {} added over HTTP", objectId);
		HttpExchanges.sendJson(exchange, 201, Map.of("id", objectId));
	}

	private Map<String, Object> erpDeliveries() {
		List<Map<String, Object>> deliveries = new ArrayList<>();
		int accepted = 0;
		for (ErpDelivery delivery : this.simulator.erpDeliveries()) {
			Map<String, Object> listed = new LinkedHashMap<>();
			listed.put("path", delivery.path());
			listed.put("status", delivery.status());
			listed.put("messageId", delivery.messageId());
			listed.put("idempotencyKey", delivery.idempotencyKey());
			listed.put("eventName", delivery.eventName());
			listed.put("purchaseOrderNumber", delivery.purchaseOrderNumber());
			listed.put("bodySize", delivery.body().length);
			listed.put("receivedAt", delivery.receivedAt().toString());
			deliveries.add(listed);
			accepted += delivery.accepted() ? 1 : 0;
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("deliveries", deliveries);
		answer.put("accepted", accepted);
		return answer;
	}

	private void setErpAvailable(HttpExchange exchange) throws IOException {
		JsonNode body = readJson(exchange);
		if (!body.path("available").isBoolean()) {
			throw new IllegalArgumentException("available must be true or false");
		}
		this.simulator.setErpAvailable(body.path("available").asBoolean());
		HttpExchanges.sendJson(exchange, 200, Map.of("available", this.simulator.isErpAvailable()));
	}

	private void registerEntraClient(HttpExchange exchange) throws IOException {
		JsonNode client = readJson(exchange);
		String clientId = requiredText(client, "clientId");
		this.simulator.registerEntraClient(clientId, requiredText(client, "secret"));
		HttpExchanges.sendJson(exchange, 201, Map.of("clientId", clientId));
	}

	private Map<String, Object> entraKeys() {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("kid", this.simulator.entraSigningKeyId());
		answer.put("published", this.simulator.entraPublishedKeyIds());
		return answer;
	}

	private void setEntraTokenVersion(HttpExchange exchange) throws IOException {
		JsonNode body = readJson(exchange);
		if (!body.path("version").isInt()) {
			throw new IllegalArgumentException("version must be 1 or 2");
		}
		this.simulator.setEntraTokenVersion(body.path("version").asInt());
		HttpExchanges.sendJson(exchange, 200, Map.of("version", body.path("version").asInt()));
	}

	private static JsonNode readJson(HttpExchange exchange) throws IOException {
		JsonNode body = HttpExchanges.json().readTree(HttpExchanges.readBody(exchange, MAX_BODY));
		if (body == null || !body.isObject()) {
			throw new IllegalArgumentException("body must be a JSON object");
		}
		return body;
	}

	private static String requiredText(JsonNode body, String field) {
		JsonNode value = body.path(field);
		if (!value.isTextual() || value.asText().isEmpty()) {
			throw new IllegalArgumentException(field + " is required");
		}
		return value.asText();
	}

}
