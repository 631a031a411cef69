package io.tcconnector.ingress;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.tradecloud.TradecloudHeaders;
import io.tcconnector.tradecloud.TradecloudApiClient;
import io.tcconnector.tradecloud.TradecloudRejectedException;
import io.tcconnector.tradecloud.WebhookRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The GET webhooks of older Tradecloud integrations carry only an order or shipment id:
 * this fetches the whole order or shipment from the Tradecloud API (or an order from the
 * legacy API v1) and makes it an event the routes take like any other, marked with the
 * {@code tradecloudAllLines} header because it holds all lines, not only changed ones.
 * The body is {@code {"eventName": "OrderFetched", "allLines": true, "orderEvent": <the
 * order as fetched>}} (or {@code ShipmentFetched} with {@code shipment},
 * {@code OrderFetchedFromApiV1} with {@code orderEvent}).
 */
@Component("tradecloudFetch")
public class TradecloudFetch {

	private final TradecloudApiClient api;

	private final TradecloudProperties.LegacyApi legacy;

	private final WebhookIntake intake;

	private final ObjectMapper json = new ObjectMapper();

	public TradecloudFetch(TradecloudApiClient api, TradecloudProperties properties, WebhookIntake intake) {
		this.api = api;
		this.legacy = properties.legacyApi();
		this.intake = intake;
	}

	/**
	 * Fetches the order or shipment named by the {@code orderId} or {@code shipmentId}
	 * header (path or query parameter) and makes it the exchange's event.
	 * @param exchange the exchange of the GET webhook
	 */
	public void fetch(Exchange exchange) {
		Message message = exchange.getMessage();
		String orderId = message.getHeader("orderId", String.class);
		String shipmentId = message.getHeader("shipmentId", String.class);
		if (StringUtils.hasText(orderId) && !StringUtils.hasText(shipmentId)) {
			JsonNode order = fetched("order", orderId, () -> this.api.getJson("/order/" + encode(orderId)));
			become(exchange, "OrderFetched", "orderEvent", order);
		}
		else if (StringUtils.hasText(shipmentId) && !StringUtils.hasText(orderId)) {
			JsonNode shipment = fetched("shipment", shipmentId,
					() -> this.api.getJson("/shipment/" + encode(shipmentId)));
			become(exchange, "ShipmentFetched", "shipment", shipment);
		}
		else {
			throw new WebhookRejectedException(400, "bad_request",
					"a GET webhook names either an orderId or a shipmentId");
		}
	}

	/**
	 * Fetches the order named by the {@code orderId} header from the legacy API v1 and
	 * makes it the exchange's event.
	 * @param exchange the exchange of the GET webhook
	 */
	public void fetchLegacyOrder(Exchange exchange) {
		String orderId = exchange.getMessage().getHeader("orderId", String.class);
		if (!StringUtils.hasText(orderId)) {
			throw new WebhookRejectedException(400, "bad_request", "no orderId");
		}
		if (this.legacy.url() == null) {
			throw new WebhookRejectedException(404, "not_found",
					"the API v1 GET webhook is off: tradecloud.legacy-api.url is not set");
		}
		URI url = URI.create(this.legacy.url().toString().replaceAll("/+$", "") + "/purchaseOrder/" + encode(orderId));
		JsonNode order = fetched("order", orderId, () -> this.api.getJsonWithBasic(url,
				this.legacy.credentials().username(), this.legacy.credentials().password()));
		become(exchange, "OrderFetchedFromApiV1", "orderEvent", order);
	}

	private JsonNode fetched(String what, String id, java.util.function.Supplier<JsonNode> fetch) {
		try {
			return fetch.get();
		}
		catch (TradecloudRejectedException ex) {
			if (ex.getStatus() == 404) {
				throw new WebhookRejectedException(404, "not_found", "Tradecloud does not know " + what + " " + id);
			}
			throw ex;
		}
	}

	private void become(Exchange exchange, String eventName, String kind, JsonNode fetched) {
		ObjectNode event = this.json.createObjectNode();
		event.put("eventName", eventName);
		event.put("allLines", true);
		event.set(kind, fetched);
		Message message = exchange.getMessage();
		message.setBody(event.toString().getBytes(StandardCharsets.UTF_8));
		message.setHeader(Exchange.CONTENT_TYPE, "application/json");
		this.intake.recognise(exchange);
		message.setHeader(TradecloudHeaders.ALL_LINES, true);
	}

	private static String encode(String id) {
		return URLEncoder.encode(id.strip(), StandardCharsets.UTF_8).replace("+", "%20");
	}

}
