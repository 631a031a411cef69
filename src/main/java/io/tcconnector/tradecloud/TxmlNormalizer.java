package io.tcconnector.tradecloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a tXML tree into the JSON shape: tXML repeats an element with the singular name
 * where JSON has an array with the plural name ({@code <line>} for {@code lines},
 * {@code <dimension>} for {@code dimensions}). {@code <contact>} and
 * {@code <destination>} are single objects, as in JSON, except inside the shipment
 * objects that hold lists of them. Elements it does not know keep their name and shape.
 */
public final class TxmlNormalizer {

	/** tXML element name to JSON array name, as Tradecloud documents it. */
	private static final Map<String, String> REPEATED = Map.ofEntries(Map.entry("line", "lines"),
			Map.entry("document", "documents"), Map.entry("deliveryScheduleLine", "deliverySchedule"),
			Map.entry("deliveryHistoryLine", "deliveryHistory"), Map.entry("chargeLine", "chargeLines"),
			Map.entry("property", "properties"), Map.entry("note", "notes"), Map.entry("label", "labels"),
			Map.entry("addressLine", "addressLines"), Map.entry("certification", "certifications"),
			Map.entry("loadCarrier", "loadCarriers"), Map.entry("invoiceNumber", "invoiceNumbers"),
			Map.entry("dimension", "dimensions"));

	/**
	 * Elements that are a single object in tXML as in JSON ({@code contact},
	 * {@code destination} of an order), but the repeated elements of a list inside these
	 * objects: a shipment's {@code supplierShipment.contacts},
	 * {@code buyerShipment.contacts} and {@code locations.destinations}.
	 */
	private static final Map<String, Map<String, String>> REPEATED_IN = Map.of("contact",
			Map.of("supplierShipment", "contacts", "buyerShipment", "contacts"), "destination",
			Map.of("locations", "destinations"));

	/**
	 * Objects in which {@code <name>} stands for the {@code names} array; elsewhere
	 * (items, documents) {@code name} is a single value.
	 */
	private static final Set<String> NAMED_PLACES = Set.of("location", "party", "supplierParty", "buyerParty",
			"address", "deliveryAddress", "invoiceAddress", "destination", "buyerAccountingParty");

	private TxmlNormalizer() {
	}

	/**
	 * The tree with tXML's repeated elements as the JSON arrays.
	 * @param root a tree read from tXML
	 * @return the tree in the JSON shape
	 */
	public static ObjectNode normalize(ObjectNode root) {
		return normalizeObject(root, null);
	}

	/**
	 * The tree as both formats can carry it, so that JSON and tXML give the same result:
	 * every value as text, no nulls, no empty lists or objects.
	 * @param node a tree from JSON or (normalised) tXML
	 * @return the comparable tree, or null when nothing is left
	 */
	public static JsonNode textOnly(JsonNode node) {
		if (node instanceof ObjectNode object) {
			ObjectNode result = JsonNodeFactory.instance.objectNode();
			for (Map.Entry<String, JsonNode> field : object.properties()) {
				JsonNode value = textOnly(field.getValue());
				if (value != null) {
					result.set(field.getKey(), value);
				}
			}
			return result.isEmpty() ? null : result;
		}
		if (node instanceof ArrayNode array) {
			ArrayNode result = JsonNodeFactory.instance.arrayNode();
			array.forEach((element) -> {
				JsonNode value = textOnly(element);
				if (value != null) {
					result.add(value);
				}
			});
			return result.isEmpty() ? null : result;
		}
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		return JsonNodeFactory.instance.textNode(node.asText());
	}

	private static ObjectNode normalizeObject(ObjectNode source, String ownName) {
		ObjectNode target = JsonNodeFactory.instance.objectNode();
		for (Map.Entry<String, JsonNode> field : source.properties()) {
			String name = field.getKey();
			JsonNode value = field.getValue();
			String plural = pluralOf(name, ownName);
			if (plural != null) {
				ArrayNode array = target.withArray(plural);
				for (JsonNode element : elements(value)) {
					array.add(normalizeValue(element, name));
				}
			}
			else {
				target.set(name, normalizeValue(value, name));
			}
		}
		return target;
	}

	private static String pluralOf(String name, String ownName) {
		if ("name".equals(name)) {
			return (ownName != null && NAMED_PLACES.contains(ownName)) ? "names" : null;
		}
		Map<String, String> inside = REPEATED_IN.get(name);
		if (inside != null) {
			return (ownName != null) ? inside.get(ownName) : null;
		}
		return REPEATED.get(name);
	}

	private static JsonNode normalizeValue(JsonNode value, String name) {
		if (value instanceof ObjectNode object) {
			return normalizeObject(object, name);
		}
		if (value instanceof ArrayNode array) {
			ArrayNode normalized = JsonNodeFactory.instance.arrayNode();
			array.forEach((element) -> normalized.add(normalizeValue(element, name)));
			return normalized;
		}
		return value;
	}

	private static List<JsonNode> elements(JsonNode value) {
		List<JsonNode> elements = new ArrayList<>();
		if (value instanceof ArrayNode array) {
			array.forEach(elements::add);
		}
		else {
			elements.add(value);
		}
		return elements;
	}

}
