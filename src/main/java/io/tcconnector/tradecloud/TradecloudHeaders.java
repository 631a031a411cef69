package io.tcconnector.tradecloud;

/**
 * Names of the headers the connector sets on every event; targets such as JMS queues
 * receive them as message properties.
 */
public final class TradecloudHeaders {

	/**
	 * Body field holding the event: orderEvent, singleDeliveryOrderEvent,
	 * orderDocumentsEvent, shipment; {@code other} for a kind the connector does not
	 * know.
	 */
	public static final String KIND = "tradecloudKind";

	/** {@code json} or {@code xml}. */
	public static final String FORMAT = "tradecloudFormat";

	/** Tradecloud's event name. */
	public static final String EVENT_NAME = "tradecloudEventName";

	/** {@code meta.messageId}. */
	public static final String MESSAGE_ID = "tradecloudMessageId";

	/** The order id (order kinds). */
	public static final String ORDER_ID = "tradecloudOrderId";

	/** The buyer's purchase order number (order kinds). */
	public static final String PURCHASE_ORDER_NUMBER = "tradecloudPurchaseOrderNumber";

	/** The shipment id (shipments). */
	public static final String SHIPMENT_ID = "tradecloudShipmentId";

	/** The supplier's shipment number (shipments, and each shipment line). */
	public static final String SHIPMENT_NUMBER = "tradecloudShipmentNumber";

	/**
	 * The body field the event came under, as sent: {@code simpleOrderEvent} for a single
	 * delivery order event under its former name, the unknown field for kind
	 * {@code other}.
	 */
	public static final String EVENT_FIELD = "tradecloudEventField";

	/** When the connector received the event, an ISO-8601 instant unique per event. */
	public static final String RECEIVED_AT = "tradecloudReceivedAt";

	/** The character encoding of the body's bytes. */
	public static final String CHARSET = "tradecloudCharset";

	/**
	 * What identifies the event for de-duplication, and the ERP's Idempotency-Key:
	 * Tradecloud's message id, or {@code sha256:<hex>} of the body when there is none.
	 */
	public static final String IDEMPOTENCY_KEY = "tradecloudIdempotencyKey";

	/**
	 * Events with the same ordering key are delivered one after the other, in arrival
	 * order: {@code order:<orderId>}, {@code shipment:<shipmentId>}.
	 */
	public static final String ORDERING_KEY = "tradecloudOrderingKey";

	private TradecloudHeaders() {
	}

}
