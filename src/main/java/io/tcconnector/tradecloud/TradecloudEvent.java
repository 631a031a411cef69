package io.tcconnector.tradecloud;

import java.nio.charset.Charset;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A parsed webhook body: its kind, format, the identifiers routes and targets need, and
 * the whole body as one JSON-shaped tree (tXML normalised to the JSON field names).
 *
 * @param kind which event the body holds
 * @param field the body field the event sits under, as sent: the kind's field, a former
 * name of it ({@code simpleOrderEvent}) or, for {@link EventKind#OTHER}, the unknown
 * field
 * @param format the wire format it came in
 * @param eventName Tradecloud's event name; unknown names pass through
 * @param messageId {@code meta.messageId} at top level or in the event, or null
 * @param orderId the order id (order kinds), or null
 * @param purchaseOrderNumber {@code buyerOrder.purchaseOrderNumber} (order kinds), or
 * null
 * @param shipmentId the shipment id (shipments), or null
 * @param shipmentNumber {@code supplierShipment.shipmentNumber} (shipments), or null
 * @param createdDateTime {@code meta.createdDateTime}: when Tradecloud created the event,
 * as sent, or null
 * @param charset the character encoding of the bytes received
 * @param body the whole body as a tree; null when the body was only recognised, read as a
 * stream
 */
public record TradecloudEvent(EventKind kind, String field, EventFormat format, String eventName, String messageId,
		String orderId, String purchaseOrderNumber, String shipmentId, String shipmentNumber, String createdDateTime,
		Charset charset, ObjectNode body) {

}
