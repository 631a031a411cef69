package io.tcconnector.shipments;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One line of a shipment, ready to book on its own: the line with its load carrier and
 * the shipment's header fields.
 *
 * @param index the line's place in the shipment, from 1, in the order the lines appear
 * @param changed whether this event added or changed the line (or sends everything)
 * @param message the line message: line, load carrier, shipment id and number, event
 * name, message id, transport mode, purchase order terms, departure and destinations
 */
public record ShipmentLine(int index, boolean changed, ObjectNode message) {

	/**
	 * The purchase order number of the line.
	 * @return the number, or null
	 */
	public String purchaseOrderNumber() {
		return text("/line/purchaseOrderNumber");
	}

	/**
	 * The purchase order line position of the line.
	 * @return the position, or null
	 */
	public String purchaseOrderLinePosition() {
		return text("/line/purchaseOrderLinePosition");
	}

	/**
	 * The delivery schedule position of the line.
	 * @return the position, or null
	 */
	public String deliverySchedulePosition() {
		return text("/line/deliverySchedulePosition");
	}

	/**
	 * The shipment number (the supplier's).
	 * @return the number, or null
	 */
	public String shipmentNumber() {
		return text("/shipmentNumber");
	}

	/**
	 * The line message as JSON text.
	 * @return the JSON
	 */
	public String json() {
		return this.message.toString();
	}

	/**
	 * The line's place: equal lines have the same place, and Camel, which looks up the
	 * methods of a body by the body itself, does not hash the whole line each time.
	 * @return a hash of the index
	 */
	@Override
	public int hashCode() {
		return Integer.hashCode(this.index);
	}

	private String text(String pointer) {
		String value = this.message.at(pointer).asText(null);
		return (value == null || value.isBlank()) ? null : value;
	}

}
