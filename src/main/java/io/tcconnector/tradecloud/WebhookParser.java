package io.tcconnector.tradecloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads a Tradecloud webhook body, JSON or tXML, into a {@link TradecloudEvent}. The kind
 * comes from the body; unknown event names and fields pass through. Refuses what is no
 * Tradecloud body (400), XML with a DTD (400) and bodies that are neither JSON nor XML
 * (415).
 */
@Component("webhookParser")
public class WebhookParser {

	private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	/** For reading values one by one out of a larger body. */
	private final ObjectMapper jsonStream = new ObjectMapper();

	private final XMLInputFactory xmlInputFactory;

	private final XmlMapper xml;

	public WebhookParser() {
		this.xmlInputFactory = XMLInputFactory.newFactory();
		this.xmlInputFactory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		this.xmlInputFactory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		this.xmlInputFactory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
		this.xml = new XmlMapper(new XmlFactory(this.xmlInputFactory));
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

	static EventFormat formatOf(String contentType, byte[] body) {
		if (contentType == null || contentType.isBlank()) {
			return sniff(body);
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

	private XmlBody readXml(byte[] body) {
		try {
			XMLStreamReader reader = this.xmlInputFactory.createXMLStreamReader(new ByteArrayInputStream(body));
			while (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
				if (reader.getEventType() == XMLStreamConstants.DTD) {
					throw WebhookRejectedException.badRequest("XML with a DOCTYPE is not accepted");
				}
				reader.next();
			}
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

	private static TradecloudEvent toEvent(EventFormat format, Charset charset, ObjectNode body) {
		EventKind kind = null;
		for (EventKind candidate : EventKind.values()) {
			if (body.get(candidate.field()) instanceof ObjectNode) {
				kind = candidate;
				break;
			}
		}
		if (kind == null) {
			throw WebhookRejectedException.badRequest(
					"not a Tradecloud webhook body: none of orderEvent, singleDeliveryOrderEvent, orderDocumentsEvent, shipment");
		}
		JsonNode event = body.get(kind.field());
		String messageId = text(body.at("/meta/messageId"));
		if (messageId == null) {
			messageId = text(event.at("/meta/messageId"));
		}
		String eventName = text(body.get("eventName"));
		if (kind == EventKind.SHIPMENT) {
			return new TradecloudEvent(kind, format, eventName, messageId, null, null, text(event.get("id")), charset,
					body);
		}
		String orderId = text(event.get("orderId"));
		if (orderId == null) {
			orderId = text(event.get("id"));
		}
		return new TradecloudEvent(kind, format, eventName, messageId, orderId,
				text(event.at("/buyerOrder/purchaseOrderNumber")), null, charset, body);
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
