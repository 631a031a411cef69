package io.tcconnector.tradecloud;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of Tradecloud webhook body, named after the body field that holds the event.
 */
public enum EventKind {

	/** An order event in delivery schedule mode. */
	ORDER_EVENT("orderEvent", true),

	/**
	 * An order event in single delivery mode; Tradecloud documented the field as
	 * {@code simpleOrderEvent} from 2023-09 to 2024-04, and older integrations may still
	 * send that name.
	 */
	SINGLE_DELIVERY_ORDER_EVENT("singleDeliveryOrderEvent", true, "simpleOrderEvent"),

	/** Documents attached to an order. */
	ORDER_DOCUMENTS_EVENT("orderDocumentsEvent", true),

	/** A shipment (despatch advice), with all its lines. */
	SHIPMENT("shipment", false),

	/**
	 * A body with an event name and one event object of a kind the connector does not
	 * know yet: taken and kept as received, never refused (Tradecloud does not retry a
	 * 4xx).
	 */
	OTHER("other", false);

	private final String field;

	private final boolean order;

	private final List<String> formerFields;

	EventKind(String field, boolean order, String... formerFields) {
		this.field = field;
		this.order = order;
		this.formerFields = List.of(formerFields);
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

	/**
	 * The known kind whose event sits under a body field, under its current or a former
	 * name.
	 * @param field a top-level body field
	 * @return the kind, empty for a field of no known kind
	 */
	static Optional<EventKind> ofField(String field) {
		for (EventKind kind : values()) {
			if (kind != OTHER && (kind.field.equals(field) || kind.formerFields.contains(field))) {
				return Optional.of(kind);
			}
		}
		return Optional.empty();
	}

}
