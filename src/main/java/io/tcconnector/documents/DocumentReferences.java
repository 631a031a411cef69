package io.tcconnector.documents;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcconnector.shipments.ShipmentLines;
import io.tcconnector.tradecloud.EventFormat;
import io.tcconnector.tradecloud.EventKind;
import io.tcconnector.tradecloud.TradecloudEvent;
import io.tcconnector.tradecloud.TradecloudHeaders;
import io.tcconnector.tradecloud.WebhookParser;
import org.apache.camel.Body;
import org.apache.camel.Header;

import org.springframework.stereotype.Component;

/**
 * Finds the documents an event refers to, wherever it holds them: every {@code documents}
 * list, at order and line level, on the buyer's and the supplier's side, in order events
 * of every kind (documents attached when an order is issued travel inside the order
 * event) and order documents events (Tradecloud does not publish their exact schema); for
 * a shipment, the documents the event changed.
 */
@Component("documentReferences")
public class DocumentReferences {

	private final WebhookParser parser;

	private final ShipmentLines shipmentLines;

	public DocumentReferences(WebhookParser parser, ShipmentLines shipmentLines) {
		this.parser = parser;
		this.shipmentLines = shipmentLines;
	}

	/**
	 * The documents to fetch for a webhook body, as received: every document of an order
	 * event or order documents event; the documents a shipment event added or changed.
	 * @param body the body
	 * @param format {@code json} or {@code xml}
	 * @param kind the event's kind
	 * @param allLines whether the body is a whole shipment fetched from the API
	 * @return one job per document, in the order they appear
	 */
	public List<DocumentJob> find(@Body byte[] body, @Header(TradecloudHeaders.FORMAT) String format,
			@Header(TradecloudHeaders.KIND) String kind, @Header(TradecloudHeaders.ALL_LINES) Boolean allLines) {
		if (EventKind.SHIPMENT.field().equals(kind)) {
			return this.shipmentLines.documents(body, format, allLines);
		}
		String contentType = EventFormat.XML.extension().equals(format) ? "application/xml" : "application/json";
		return find(this.parser.parse(body, contentType));
	}

	/**
	 * Whether an order event of any kind carries documents: the documents a buyer
	 * attaches when issuing or updating an order travel inside the order event, and
	 * Tradecloud sends no order documents event for them.
	 * @param body the body
	 * @param format {@code json} or {@code xml}
	 * @param kind the event's kind
	 * @return true when the event holds at least one document, with a file or without
	 * (those are logged by the download)
	 */
	public boolean hasDocuments(@Body byte[] body, @Header(TradecloudHeaders.FORMAT) String format,
			@Header(TradecloudHeaders.KIND) String kind) {
		return !find(body, format, kind, false).isEmpty();
	}

	/**
	 * The documents of a parsed event.
	 * @param event the event
	 * @return one job per document, in the order they appear
	 */
	public List<DocumentJob> find(TradecloudEvent event) {
		List<DocumentJob> jobs = new ArrayList<>();
		collect(event.body().path(event.field()), "/" + event.field(), event, jobs);
		return jobs;
	}

	private static void collect(JsonNode node, String location, TradecloudEvent event, List<DocumentJob> jobs) {
		if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collect(node.get(i), location + "/" + i, event, jobs);
			}
			return;
		}
		if (!node.isObject()) {
			return;
		}
		for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			String path = location + "/" + field.getKey();
			if (field.getKey().equals("documents") && field.getValue().isArray()) {
				for (int i = 0; i < field.getValue().size(); i++) {
					if (field.getValue().get(i) instanceof ObjectNode document) {
						jobs.add(new DocumentJob(document, path + "/" + i, event.kind().field(), event.eventName(),
								event.messageId(), event.orderId(), event.purchaseOrderNumber(), event.shipmentId(),
								null));
					}
				}
			}
			else {
				collect(field.getValue(), path, event, jobs);
			}
		}
	}

}
