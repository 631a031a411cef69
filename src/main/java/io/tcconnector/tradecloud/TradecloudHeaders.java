package io.tcconnector.tradecloud;

/**
 * Names of the headers the connector sets on every event (targets such as JMS queues
 * receive them as message properties), on shipment lines, documents and dead letters, and
 * of its exchange properties: every {@code tradecloud*} name in one place.
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

	/**
	 * When Tradecloud created the event ({@code meta.createdDateTime}), as sent; not set
	 * when the body has none.
	 */
	public static final String CREATED_DATE_TIME = "tradecloudCreatedDateTime";

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

	/**
	 * The body holds a whole order or shipment, fetched by a GET webhook, not an event:
	 * every line is delivered, not only changed ones.
	 */
	public static final String ALL_LINES = "tradecloudAllLines";

	/** The purchase order line position of a shipment line. */
	public static final String PURCHASE_ORDER_LINE_POSITION = "tradecloudPurchaseOrderLinePosition";

	/** The delivery schedule position of a shipment line. */
	public static final String DELIVERY_SCHEDULE_POSITION = "tradecloudDeliverySchedulePosition";

	/** The folder a document is written to (read and removed by the download). */
	public static final String DOCUMENTS_FOLDER = "tradecloudDocumentsFolder";

	/** The absolute path of a fetched document. */
	public static final String DOCUMENT_PATH = "tradecloudDocumentPath";

	/** The document's code. */
	public static final String DOCUMENT_CODE = "tradecloudDocumentCode";

	/** The document's revision. */
	public static final String DOCUMENT_REVISION = "tradecloudDocumentRevision";

	/** The document's object id in Tradecloud's object storage. */
	public static final String OBJECT_ID = "tradecloudObjectId";

	/** Why a dead letter failed: the innermost failure's message. */
	public static final String FAILURE_REASON = "tradecloudFailureReason";

	/** {@code functional} (retrying cannot help) or {@code retries-exhausted}. */
	public static final String FAILURE_TYPE = "tradecloudFailureType";

	/** The route whose step failed. */
	public static final String FAILED_ROUTE = "tradecloudFailedRoute";

	/** When it failed, an ISO-8601 instant. */
	public static final String FAILED_AT = "tradecloudFailedAt";

	/** The queue a dead letter was taken from, where a replay puts it back. */
	public static final String ORIGIN_QUEUE = "tradecloudOriginQueue";

	/** Exchange property holding the parsed {@link TradecloudEvent}. */
	public static final String EVENT = "tradecloudEvent";

	/** Exchange property holding the URL an event is POSTed to (the ERP). */
	public static final String ERP_URL = "tradecloudErpUrl";

	/**
	 * Exchange property: when the event was created (or received), an Instant, for the
	 * delivery metrics' age of an event.
	 */
	public static final String EVENT_TIME = "tradecloudEventTime";

	private TradecloudHeaders() {
	}

}
