package io.tcconnector.tradecloud;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * JSON and tXML bodies become one model: the same identifiers and, for tXML, the JSON
 * field names and arrays.
 */
class WebhookParserTest {

	final WebhookParser parser = new WebhookParser();

	final ObjectMapper json = new ObjectMapper();

	static Stream<Path> jsonSamples() {
		return TestConnector.samples().stream().filter((p) -> p.toString().endsWith(".json"));
	}

	TradecloudEvent parse(Path sample) {
		return this.parser.parse(TestConnector.read(sample), TestConnector.contentTypeOf(sample));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("jsonSamples")
	void jsonAndTxmlOfTheSameEventGiveTheSameModel(Path jsonSample) throws Exception {
		Path xmlSample = Path.of(jsonSample.toString().replace(".json", ".xml"));
		TradecloudEvent fromJson = parse(jsonSample);
		TradecloudEvent fromXml = parse(xmlSample);

		assertThat(fromJson.format()).isEqualTo(EventFormat.JSON);
		assertThat(fromXml.format()).isEqualTo(EventFormat.XML);
		assertThat(fromXml).usingRecursiveComparison().ignoringFields("format", "body", "charset").isEqualTo(fromJson);
		assertThat(fromJson.eventName()).isNotBlank();
		assertThat(fromJson.messageId()).isNotBlank();
		if (fromJson.kind().isOrder()) {
			assertThat(fromJson.orderId()).isNotBlank();
			assertThat(fromJson.purchaseOrderNumber()).startsWith("PO-");
		}
		else if (fromJson.kind() == EventKind.SHIPMENT) {
			assertThat(fromJson.shipmentId()).isNotBlank();
			assertThat(fromJson.shipmentNumber()).startsWith("SN-");
		}
		else {
			assertThat(fromJson.kind()).isEqualTo(EventKind.OTHER);
			assertThat(fromJson.field()).isEqualTo("forecastEvent");
		}
		// tXML holds text only and leaves out empty lists: compared on those terms, the
		// trees are the same (for a kind the connector does not know, the plural names of
		// its lists are not known either: it is kept as received, not read)
		if (fromJson.kind() != EventKind.OTHER) {
			assertThat(textOnly(fromXml.body())).isEqualTo(textOnly(fromJson.body()));
		}
	}

	static Stream<Path> allSamples() {
		return TestConnector.samples().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("allSamples")
	void recognisingAsAStreamGivesWhatTheTreeGives(Path sample) {
		TradecloudEvent tree = parse(sample);
		TradecloudEvent streamed = this.parser.recognise(TestConnector.read(sample),
				TestConnector.contentTypeOf(sample));
		assertThat(streamed.body()).isNull();
		assertThat(streamed).usingRecursiveComparison().ignoringFields("body").isEqualTo(tree);
	}

	@Test
	void txmlRepeatedElementsBecomeTheJsonArrays() {
		TradecloudEvent shipment = parse(Path.of("src/test/resources/samples/shipment-event.xml"));
		JsonNode body = shipment.body().path("shipment");
		assertThat(body.path("loadCarriers").isArray()).isTrue();
		assertThat(body.at("/loadCarriers/0/lines").isArray()).isTrue();
		assertThat(body.at("/supplierShipment/invoiceNumbers/0").asText()).isEqualTo("INV-1");
		assertThat(body.at("/locations/departure/location/names/0").asText()).isEqualTo("Supplier plant");
		assertThat(body.at("/locations/destinations").isArray()).isTrue();
		assertThat(body.at("/supplierShipment/documents/0/name").isTextual()).isTrue();

		TradecloudEvent order = parse(Path.of("src/test/resources/samples/order-event.xml"));
		assertThat(order.body().at("/orderEvent/lines").size()).isEqualTo(2);
		assertThat(order.body().at("/orderEvent/lines/0/deliverySchedule").isArray()).isTrue();
		assertThat(order.body().at("/orderEvent/lines/0/buyerLine/item/name").asText()).isEqualTo("Item ITEM-1");
		assertThat(order.body().at("/orderEvent/supplierOrder/notes/0").asText()).isEqualTo("ship via dock 3");
	}

	@Test
	void theMessageIdIsTakenFromTheEventWhenTheBodyHasNoneAtTopLevel() {
		TradecloudEvent event = this.parser.parse(
				"{\"eventName\":\"OrderResentByBuyer\",\"orderEvent\":{\"orderId\":\"o-1\",\"meta\":{\"messageId\":\"in-event\"}}}"
					.getBytes(),
				"application/json");
		assertThat(event.messageId()).isEqualTo("in-event");
		assertThat(event.purchaseOrderNumber()).isNull();
	}

	@Test
	void theFormatIsSniffedWithoutAContentTypeAndTheXmlEncodingIsKept() {
		assertThat(this.parser.parse("  {\"eventName\": \"E\", \"shipment\": {\"id\": \"s-1\"}}".getBytes(), null)
			.format()).isEqualTo(EventFormat.JSON);
		byte[] latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><w><eventName>E</eventName><orderEvent><orderId>Größe</orderId></orderEvent></w>"
			.getBytes(StandardCharsets.ISO_8859_1);
		TradecloudEvent event = this.parser.parse(latin, "");
		assertThat(event.format()).isEqualTo(EventFormat.XML);
		assertThat(event.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
		assertThat(event.orderId()).isEqualTo("Größe");
		assertThat(this.parser
			.parse("{\"eventName\":\"E\",\"orderEvent\":{}}".getBytes(), "application/vnd.tradecloud+json")
			.format()).isEqualTo(EventFormat.JSON);
	}

	@Test
	void whatIsNoTradecloudBodyIsRejectedWithItsStatus() {
		Map<String, Integer> bodies = Map.of("{\"orderEvent\": \"not an object\"}", 400, "{\"a\": 1} trailing", 400,
				"{\"orderEvent\": {\"orderId\": \"o\"}", 400, "{\"orderEvent\": {}} {}", 400, "<w><x/></w>", 400,
				"<w>text only</w>", 400, "<?xml version=\"1.0\"?><!DOCTYPE w><w/>", 400, "plain words", 415);
		bodies.forEach((body, status) -> {
			assertThatExceptionOfType(WebhookRejectedException.class).as(body)
				.isThrownBy(() -> this.parser.parse(body.getBytes(), null))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(status));
			assertThatExceptionOfType(WebhookRejectedException.class).as("streamed " + body)
				.isThrownBy(() -> this.parser.recognise(body.getBytes(), null))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(status));
		});
		assertThatExceptionOfType(WebhookRejectedException.class)
			.isThrownBy(() -> this.parser.parse("{}".getBytes(), "image/png"))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(415));
	}

	@Test
	void aSingleDeliveryOrderEventUnderItsFormerNameIsASingleDeliveryOrderEvent() {
		for (String sample : List.of("simple-order-event.json", "simple-order-event.xml")) {
			Path path = Path.of("src/test/resources/samples", sample);
			TradecloudEvent event = parse(path);
			assertThat(event.kind()).as(sample).isEqualTo(EventKind.SINGLE_DELIVERY_ORDER_EVENT);
			assertThat(event.kind().field()).isEqualTo("singleDeliveryOrderEvent");
			assertThat(event.field()).isEqualTo("simpleOrderEvent");
			assertThat(event.orderId()).isEqualTo("c3d4e5f6-1111-4a55-9c1e-2f0a6b7c8d02");
			assertThat(event.purchaseOrderNumber()).isEqualTo("PO-2002");
		}
	}

	@Test
	void aBodyWithAnEventNameAndOneEventObjectOfNoKnownKindIsOfKindOther() {
		TradecloudEvent event = parse(Path.of("src/test/resources/samples/forecast-event.json"));
		assertThat(event.kind()).isEqualTo(EventKind.OTHER);
		assertThat(event.kind().field()).isEqualTo("other");
		assertThat(event.field()).isEqualTo("forecastEvent");
		assertThat(event.eventName()).isEqualTo("ForecastIssuedByBuyer");
		assertThat(event.messageId()).isEqualTo("7a11763a-995d-4217-bfce-c6d99913f2c6");
		// a known kind beside an object of no known kind is that known kind
		TradecloudEvent known = this.parser.parse(
				"{\"eventName\":\"X\",\"somethingNew\":{\"a\":1},\"orderEvent\":{\"orderId\":\"o-9\"}}".getBytes(),
				"application/json");
		assertThat(known.kind()).isEqualTo(EventKind.ORDER_EVENT);
		assertThat(known.orderId()).isEqualTo("o-9");
	}

	@Test
	void aJsonNullIdentifierIsNoIdentifierForTheStreamAsForTheTree() {
		// found by the fuzzer: the stream read the text "null" where the tree has none
		byte[] body = "{\"eventName\":\"X\",\"shi<pment\":{\"id\":\"s\",\"orderId\":null,\"buyerOrder\":{\"purchaseOrderNumber\":null}}}"
			.getBytes(StandardCharsets.UTF_8);
		TradecloudEvent tree = this.parser.parse(body, "application/json");
		TradecloudEvent streamed = this.parser.recognise(body, "application/json");
		assertThat(tree.kind()).isEqualTo(EventKind.OTHER);
		assertThat(tree.orderId()).isNull();
		assertThat(tree.purchaseOrderNumber()).isNull();
		assertThat(streamed).usingRecursiveComparison().ignoringFields("body").isEqualTo(tree);
	}

	@Test
	void whatCannotBeTradecloudsIsRefusedWith400AndSaysWhy() {
		Map<String, String> bodies = Map.of("{\"orderEvent\": {\"orderId\": \"o\"}}", "no eventName",
				"{\"eventName\": \"X\", \"meta\": {\"messageId\": \"m\"}}", "no event object",
				"{\"eventName\": \"X\", \"a\": {}, \"b\": {}}", "not both a and b",
				"{\"eventName\": \"X\", \"orderEvent\": {}, \"simpleOrderEvent\": {}}",
				"not both orderEvent and simpleOrderEvent",
				"<w><eventName>X</eventName><forecastEvent><a>1</a></forecastEvent><planEvent><b>2</b></planEvent></w>",
				"not both forecastEvent and planEvent");
		bodies.forEach((body, reason) -> {
			assertThatExceptionOfType(WebhookRejectedException.class).as(body)
				.isThrownBy(() -> this.parser.parse(body.getBytes(), null))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(400))
				.withMessageContaining(reason);
			assertThatExceptionOfType(WebhookRejectedException.class).as("streamed " + body)
				.isThrownBy(() -> this.parser.recognise(body.getBytes(), null))
				.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(400))
				.withMessageContaining(reason);
		});
	}

	@Test
	void txmlContactAndDestinationAreSingleObjectsButListsInAShipmentAndDimensionsRepeat() {
		String order = """
				<w><eventName>OrderIssuedByBuyer</eventName><orderEvent><orderId>o-1</orderId>
				<buyerOrder><purchaseOrderNumber>PO-1</purchaseOrderNumber><contact><email>buyer@example.com</email></contact>
				<destination><code>001</code><name>Warehouse</name><name>Dock 12</name></destination></buyerOrder>
				<line><buyerLine><item><number>1</number><dimension><attribute>mass</attribute></dimension></item></buyerLine></line>
				</orderEvent></w>""";
		JsonNode event = this.parser.parse(order.getBytes(StandardCharsets.UTF_8), "application/xml")
			.body()
			.path("orderEvent");
		assertThat(event.at("/buyerOrder/contact/email").asText()).isEqualTo("buyer@example.com");
		assertThat(event.at("/buyerOrder/destination/code").asText()).isEqualTo("001");
		assertThat(event.at("/buyerOrder/destination/names/1").asText()).isEqualTo("Dock 12");
		assertThat(event.at("/lines/0/buyerLine/item/dimensions/0/attribute").asText()).isEqualTo("mass");
		JsonNode shipment = parse(Path.of("src/test/resources/samples/shipment-header-updated.xml")).body()
			.path("shipment");
		assertThat(shipment.at("/supplierShipment/contacts").isArray()).isTrue();
		assertThat(shipment.at("/supplierShipment/contacts/0/email").asText()).contains("@");
		assertThat(shipment.at("/locations/destinations").isArray()).isTrue();
		assertThat(shipment.at("/locations/destinations").size()).isEqualTo(1);
	}

	/** The tree as tXML can carry it: every value as text, no nulls, no empty lists. */
	private static JsonNode textOnly(JsonNode node) {
		if (node instanceof ObjectNode object) {
			ObjectNode result = JsonNodeFactory.instance.objectNode();
			for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				JsonNode value = textOnly(field.getValue());
				if (value != null) {
					result.set(field.getKey(), value);
				}
			}
			return result;
		}
		if (node instanceof ArrayNode array) {
			if (array.isEmpty()) {
				return null;
			}
			ArrayNode result = JsonNodeFactory.instance.arrayNode();
			array.forEach((element) -> result.add(textOnly(element)));
			return result;
		}
		if (node == null || node.isNull()) {
			return null;
		}
		return TextNode.valueOf(node.asText());
	}

}
