package io.tcconnector.tradecloud;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;

/**
 * Reads a Tradecloud webhook body, JSON or tXML, into a {@link TradecloudEvent}. The kind
 * comes from the body; unknown event names and fields pass through. Refuses what is no
 * Tradecloud body (400), XML with a DTD (400) and bodies that are neither JSON nor XML
 * (415).
 */
@Component("webhookParser")
public class WebhookParser {

	/** Bytes looked at to tell JSON from XML when there is no Content-Type. */
	private static final int SNIFF_SIZE = 8192;

	private static final String NOT_TRADECLOUD = "not a Tradecloud webhook body: no event object (orderEvent, "
			+ "singleDeliveryOrderEvent, orderDocumentsEvent, shipment or another)";

	/** Objects inside an event holding an identifier, and the identifier's field. */
	private static final Map<String, String> NESTED_IDENTIFIERS = Map.of("buyerOrder", "purchaseOrderNumber", "meta",
			"messageId", "supplierShipment", "shipmentNumber");

	/** Where {@link #identifiers} keeps each nested identifier. */
	private static final Map<String, Integer> NESTED_INDEX = Map.of("buyerOrder", 2, "meta", 3, "supplierShipment", 4);

	/**
	 * Limits on what a body may hold, far beyond any Tradecloud event: nesting depth,
	 * length of one string, of one number, of one field name.
	 */
	static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
		.maxNestingDepth(64)
		.maxStringLength(1_000_000)
		.maxNumberLength(64)
		.maxNameLength(1_000)
		.build();

	private final ObjectMapper json = new ObjectMapper(jsonFactory())
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	/** For reading values one by one out of a larger body. */
	private final ObjectMapper jsonStream = new ObjectMapper(jsonFactory());

	private final XMLInputFactory xmlInputFactory;

	private final XmlMapper xml;

	public WebhookParser() {
		this.xmlInputFactory = XMLInputFactory.newFactory();
		this.xmlInputFactory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		this.xmlInputFactory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		this.xmlInputFactory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
		// the same bounds for XML: element depth, text, attributes, entities
		this.xmlInputFactory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, LIMITS.getMaxNestingDepth());
		this.xmlInputFactory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, LIMITS.getMaxStringLength());
		this.xmlInputFactory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 64 * 1024);
		this.xmlInputFactory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 100);
		this.xmlInputFactory.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 10_000L);
		this.xmlInputFactory.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
		XmlFactory xmlFactory = XmlFactory.builder().xmlInputFactory(this.xmlInputFactory).build();
		xmlFactory.setStreamReadConstraints(LIMITS);
		this.xml = new XmlMapper(xmlFactory);
	}

	/**
	 * JSON within the limits, and without a field twice in one object: readers that keep
	 * the first and readers that keep the last would see different events (the stream
	 * that recognises a body, the tree a target builds).
	 */
	private static JsonFactory jsonFactory() {
		return JsonFactory.builder()
			.streamReadConstraints(LIMITS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
	}

	/**
	 * Parses a body.
	 * @param body the bytes as received
	 * @param contentType the request's Content-Type, or null
	 * @return the event
	 * @throws WebhookRejectedException when the body is not an acceptable Tradecloud body
	 */
	public TradecloudEvent parse(byte[] body, String contentType) {
		if (body == null || body.length == 0) {
			throw WebhookRejectedException.badRequest("empty body");
		}
		EventFormat format = formatOf(contentType, body);
		Charset declared = charsetOf(contentType);
		if (format == EventFormat.JSON) {
			return toEvent(format, (declared != null) ? declared : StandardCharsets.UTF_8, readJson(body));
		}
		XmlBody xmlBody = readXml(body);
		Charset charset = (declared != null) ? declared : xmlBody.charset();
		return toEvent(format, charset, TxmlNormalizer.normalize(xmlBody.tree()));
	}

	/**
	 * Recognises a body as {@link #parse} does, reading it as a stream: the kind and the
	 * identifiers, without building the tree, so that memory does not grow with the size
	 * of the body (a shipment of thousands of lines). The event's {@code body} is null.
	 * @param body the bytes as received
	 * @param contentType the request's Content-Type, or null
	 * @return the event, without its tree
	 * @throws WebhookRejectedException when the body is not an acceptable Tradecloud body
	 */
	public TradecloudEvent recognise(byte[] body, String contentType) {
		return recognise(new ByteArrayInputStream((body != null) ? body : new byte[0]), contentType);
	}

	/**
	 * Recognises a body read from a stream, as {@link #recognise(byte[], String)} does.
	 * @param body the body as received; read to its end, not closed
	 * @param contentType the request's Content-Type, or null
	 * @return the event, without its tree
	 * @throws WebhookRejectedException when the body is not an acceptable Tradecloud body
	 */
	public TradecloudEvent recognise(InputStream body, String contentType) {
		BufferedInputStream in = new BufferedInputStream(StreamUtils.nonClosing(body), SNIFF_SIZE);
		String what = "readable";
		try {
			in.mark(SNIFF_SIZE);
			byte[] head = in.readNBytes(SNIFF_SIZE);
			in.reset();
			if (head.length == 0) {
				throw WebhookRejectedException.badRequest("empty body");
			}
			EventFormat format = formatOf(contentType, head);
			Charset declared = charsetOf(contentType);
			what = (format == EventFormat.JSON) ? "valid JSON" : "well-formed XML";
			XMLStreamReader xmlReader = (format == EventFormat.XML) ? xmlReader(in) : null;
			Charset charset = (declared != null) ? declared
					: (xmlReader != null) ? xmlCharset(xmlReader) : StandardCharsets.UTF_8;
			try (JsonParser parser = (xmlReader != null) ? this.xml.getFactory().createParser(xmlReader)
					: this.jsonStream.getFactory().createParser(in)) {
				return recognise(parser, format, charset);
			}
		}
		catch (XMLStreamException ex) {
			throw WebhookRejectedException.badRequest("body is not well-formed XML");
		}
		catch (JacksonException ex) {
			throw WebhookRejectedException.badRequest("body is not " + what + ": " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw WebhookRejectedException.badRequest("body is not " + what);
		}
	}

	private TradecloudEvent recognise(JsonParser parser, EventFormat format, Charset charset) throws IOException {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw WebhookRejectedException.badRequest((format == EventFormat.JSON) ? "body is not a JSON object"
					: "XML root element has no child elements");
		}
		String eventName = null;
		String messageId = null;
		String createdDateTime = null;
		EventObjects objects = new EventObjects();
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (name.equals("eventName") && value.isScalarValue()) {
				eventName = scalarText(parser);
			}
			else if (name.equals("meta") && value == JsonToken.START_OBJECT) {
				JsonNode meta = parser.readValueAsTree();
				messageId = text(meta.path("messageId"));
				createdDateTime = text(meta.path("createdDateTime"));
			}
			else if (value == JsonToken.START_OBJECT && objects.wants(name)) {
				objects.found(name, identifiers(parser));
			}
			else {
				parser.skipChildren();
			}
		}
		if (format == EventFormat.JSON && parser.nextToken() != null) {
			throw WebhookRejectedException.badRequest("body is not valid JSON: more after the object");
		}
		EventKind kind = objects.kind(eventName);
		String[] ids = objects.identifiers();
		return event(kind, objects.field(), format, eventName, (messageId != null) ? messageId : ids[3], ids,
				createdDateTime, charset, null);
	}

	/**
	 * The event of a body from its kind and the identifiers found in the event object:
	 * orderId, id, buyerOrder.purchaseOrderNumber, meta.messageId,
	 * supplierShipment.shipmentNumber.
	 */
	private static TradecloudEvent event(EventKind kind, String field, EventFormat format, String eventName,
			String messageId, String[] ids, String createdDateTime, Charset charset, ObjectNode body) {
		if (kind == EventKind.SHIPMENT) {
			return new TradecloudEvent(kind, field, format, eventName, messageId, null, null, ids[1], ids[4],
					createdDateTime, charset, body);
		}
		String orderId = (ids[0] != null || kind == EventKind.OTHER) ? ids[0] : ids[1];
		return new TradecloudEvent(kind, field, format, eventName, messageId, orderId, ids[2], null, null,
				createdDateTime, charset, body);
	}

	/**
	 * The event objects of a body, known and unknown: one known kind is the event
	 * (objects of no known kind beside it are passed over); without one, exactly one
	 * object of no known kind makes an event of kind {@link EventKind#OTHER}.
	 */
	private static final class EventObjects {

		private EventKind kind;

		private String field;

		private String[] ids;

		private final List<String> unknown = new ArrayList<>();

		private String[] unknownIds;

		/**
		 * Whether a top-level object is read as an event: anything but the message meta.
		 */
		boolean wants(String name) {
			return !name.equals("meta");
		}

		void found(String name, String[] identifiers) {
			Optional<EventKind> known = EventKind.ofField(name);
			if (known.isEmpty()) {
				if (this.unknown.isEmpty()) {
					this.unknownIds = identifiers;
				}
				this.unknown.add(name);
				return;
			}
			if (this.kind != null) {
				throw twoKinds(this.field, name);
			}
			this.kind = known.get();
			this.field = name;
			this.ids = identifiers;
		}

		/** The kind of the body; refuses one that cannot be Tradecloud's. */
		EventKind kind(String eventName) {
			if (this.kind == null) {
				if (this.unknown.isEmpty()) {
					throw WebhookRejectedException.badRequest(NOT_TRADECLOUD);
				}
				if (this.unknown.size() > 1) {
					throw twoKinds(this.unknown.get(0), this.unknown.get(1));
				}
				this.kind = EventKind.OTHER;
				this.field = this.unknown.get(0);
				this.ids = this.unknownIds;
			}
			if (eventName == null) {
				throw WebhookRejectedException.badRequest("not a Tradecloud webhook body: no eventName");
			}
			return this.kind;
		}

		String field() {
			return this.field;
		}

		String[] identifiers() {
			return this.ids;
		}

	}

	/**
	 * Within the event: orderId, id, buyerOrder.purchaseOrderNumber, meta.messageId,
	 * supplierShipment.shipmentNumber.
	 */
	private static String[] identifiers(JsonParser parser) throws IOException {
		String[] ids = new String[5];
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (name.equals("orderId") && value.isScalarValue()) {
				ids[0] = scalarText(parser);
			}
			else if (name.equals("id") && value.isScalarValue()) {
				ids[1] = scalarText(parser);
			}
			else if (NESTED_IDENTIFIERS.containsKey(name) && value == JsonToken.START_OBJECT) {
				String wanted = NESTED_IDENTIFIERS.get(name);
				while (parser.nextToken() == JsonToken.FIELD_NAME) {
					String inner = parser.currentName();
					JsonToken innerValue = parser.nextToken();
					if (inner.equals(wanted) && innerValue.isScalarValue()) {
						ids[NESTED_INDEX.get(name)] = scalarText(parser);
					}
					else {
						parser.skipChildren();
					}
				}
			}
			else {
				parser.skipChildren();
			}
		}
		return ids;
	}

	/** The text of a scalar, as the tree reads it: none for a JSON null or a blank. */
	private static String scalarText(JsonParser parser) throws IOException {
		return (parser.currentToken() == JsonToken.VALUE_NULL) ? null : blankToNull(parser.getText());
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	/**
	 * A token stream over a body already accepted by {@link #parse}, for reading large
	 * bodies piece by piece; with the same protections as {@link #parse}.
	 * @param body the body
	 * @param format its format
	 * @return the parser; the caller closes it
	 * @throws IOException when the body cannot be read
	 */
	public JsonParser stream(byte[] body, EventFormat format) throws IOException {
		return (format == EventFormat.JSON) ? this.jsonStream.getFactory().createParser(body)
				: this.xml.getFactory().createParser(body);
	}

	/**
	 * A token stream over a body read from a stream, as
	 * {@link #stream(byte[], EventFormat)}.
	 * @param body the body
	 * @param format its format
	 * @return the parser; closing it closes the stream
	 * @throws IOException when the body cannot be read
	 */
	public JsonParser stream(InputStream body, EventFormat format) throws IOException {
		return (format == EventFormat.JSON) ? this.jsonStream.getFactory().createParser(body)
				: this.xml.getFactory().createParser(body);
	}

	static EventFormat formatOf(String contentType, byte[] head) {
		if (contentType == null || contentType.isBlank()) {
			return sniff(head);
		}
		return EventFormat.ofContentType(contentType);
	}

	private static EventFormat sniff(byte[] body) {
		for (byte b : body) {
			if (b == '{') {
				return EventFormat.JSON;
			}
			if (b == '<') {
				return EventFormat.XML;
			}
			if (!Character.isWhitespace(b) && (b & 0x80) == 0) {
				break;
			}
		}
		throw new WebhookRejectedException(415, "unsupported_media_type",
				"no Content-Type, and the body is neither JSON nor XML");
	}

	private ObjectNode readJson(byte[] body) {
		JsonNode tree;
		try {
			tree = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw WebhookRejectedException.badRequest("body is not valid JSON: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw WebhookRejectedException.badRequest("body is not readable JSON");
		}
		if (!(tree instanceof ObjectNode object)) {
			throw WebhookRejectedException.badRequest("body is not a JSON object");
		}
		return object;
	}

	private static Charset charsetOf(String contentType) {
		try {
			return (contentType != null && !contentType.isBlank()) ? MediaType.parseMediaType(contentType).getCharset()
					: null;
		}
		catch (IllegalArgumentException ex) {
			throw WebhookRejectedException.badRequest("unknown charset in Content-Type");
		}
	}

	/** A reader positioned on the root element; a body with a DTD is refused. */
	private XMLStreamReader xmlReader(byte[] body) throws XMLStreamException {
		return xmlReader(new ByteArrayInputStream(body));
	}

	private XMLStreamReader xmlReader(InputStream body) throws XMLStreamException {
		XMLStreamReader reader = this.xmlInputFactory.createXMLStreamReader(body);
		while (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
			if (reader.getEventType() == XMLStreamConstants.DTD) {
				throw WebhookRejectedException.badRequest("XML with a DOCTYPE is not accepted");
			}
			reader.next();
		}
		return reader;
	}

	private XmlBody readXml(byte[] body) {
		try {
			XMLStreamReader reader = xmlReader(body);
			Charset charset = xmlCharset(reader);
			JsonNode tree = this.xml.readTree(this.xml.getFactory().createParser(reader));
			if (tree instanceof ObjectNode object) {
				return new XmlBody(object, charset);
			}
			throw WebhookRejectedException.badRequest("XML root element has no child elements");
		}
		catch (XMLStreamException ex) {
			throw WebhookRejectedException.badRequest("body is not well-formed XML");
		}
		catch (JacksonException ex) {
			throw WebhookRejectedException.badRequest("body is not well-formed XML: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw WebhookRejectedException.badRequest("body is not readable XML");
		}
	}

	private static Charset xmlCharset(XMLStreamReader reader) {
		String name = reader.getCharacterEncodingScheme();
		if (name == null) {
			name = reader.getEncoding();
		}
		try {
			return (name != null) ? Charset.forName(name) : StandardCharsets.UTF_8;
		}
		catch (IllegalArgumentException ex) {
			throw WebhookRejectedException.badRequest("unknown XML encoding " + name);
		}
	}

	/** A body with two events could be read as either: refused. */
	private static WebhookRejectedException twoKinds(String first, String second) {
		return WebhookRejectedException
			.badRequest("a Tradecloud body holds one event, not both " + first + " and " + second);
	}

	private static TradecloudEvent toEvent(EventFormat format, Charset charset, ObjectNode body) {
		EventObjects objects = new EventObjects();
		for (Map.Entry<String, JsonNode> field : body.properties()) {
			if (field.getValue() instanceof ObjectNode event && objects.wants(field.getKey())) {
				objects.found(field.getKey(), identifiers(event));
			}
		}
		String eventName = text(body.get("eventName"));
		EventKind kind = objects.kind(eventName);
		String[] ids = objects.identifiers();
		String messageId = text(body.at("/meta/messageId"));
		return event(kind, objects.field(), format, eventName, (messageId != null) ? messageId : ids[3], ids,
				text(body.at("/meta/createdDateTime")), charset, body);
	}

	/**
	 * The identifiers of an event object in a tree, as {@link #identifiers(JsonParser)}.
	 */
	private static String[] identifiers(ObjectNode event) {
		String[] ids = new String[5];
		ids[0] = text(event.get("orderId"));
		ids[1] = text(event.get("id"));
		NESTED_IDENTIFIERS
			.forEach((object, field) -> ids[NESTED_INDEX.get(object)] = text(event.path(object).get(field)));
		return ids;
	}

	private record XmlBody(ObjectNode tree, Charset charset) {
	}

	private static String text(JsonNode node) {
		if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
			return null;
		}
		String text = node.asText();
		return text.isBlank() ? null : text;
	}

}
