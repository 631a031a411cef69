package io.tcconnector.tradecloud;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of Tradecloud webhook body, named after the body field that holds the event.
 */
public enum EventKind {

	/** An order event in delivery schedule mode. */
	ORDER_EVENT("orderEvent", true),

	/** An order event in single delivery mode. */
	SINGLE_DELIVERY_ORDER_EVENT("singleDeliveryOrderEvent", true),

	/** Documents attached to an order. */
	ORDER_DOCUMENTS_EVENT("orderDocumentsEvent", true),

	/** A shipment (despatch advice), with all its lines. */
	SHIPMENT("shipment", false);

	private final String field;

	private final boolean order;

	EventKind(String field, boolean order) {
		this.field = field;
		this.order = order;
	}

	/**
	 * The body field holding the event; also the value of the {@code tradecloudKind}
	 * header.
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

	/**
	 * Whether this kind is an order event of some sort.
	 * @return true for the three order kinds
	 */
	public boolean isOrder() {
		return this.order;
	}

	static Optional<EventKind> ofField(String field) {
		return Arrays.stream(values()).filter((kind) -> kind.field.equals(field)).findFirst();
	}

}
