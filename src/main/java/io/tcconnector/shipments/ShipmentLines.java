package io.tcconnector.shipments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcconnector.codec.Codecs;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.documents.DocumentJob;
import io.tcconnector.outbox.OutboxFileNames;
import io.tcconnector.tradecloud.EventFormat;
import io.tcconnector.tradecloud.TradecloudHeaders;
import io.tcconnector.tradecloud.TxmlNormalizer;
import io.tcconnector.tradecloud.WebhookParser;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reads a shipment event as a stream, in two passes: first the shipment's header and its
 * load carriers without their lines, then the lines one at a time, loose lines and lines
 * in load carriers alike. Memory holds the header and one line, whatever the number of
 * lines. A line is changed by the event when its {@code meta.lastUpdatedAt} is the same
 * instant as the shipment's (Tradecloud's rule); {@code ShipmentResentByBuyer}, a
 * shipment fetched whole, or {@code tradecloud.shipments.all-lines} send every line. JSON
 * and tXML give the same line messages: values as text, empty values left out.
 */
@Component("shipmentLines")
public class ShipmentLines {

	/** The event name that asks for every line again. */
	public static final String RESENT = "ShipmentResentByBuyer";

	/**
	 * Line messages sent in one JMS transaction: a few hundred keep the broker's memory
	 * small and the journal's syncs few (one per transaction).
	 */
	public static final int LINES_PER_TRANSACTION = 200;

	private static final String SHIPMENT = "shipment";

	private static final Logger log = LoggerFactory.getLogger(ShipmentLines.class);

	private final WebhookParser parser;

	private final boolean allLinesAlways;

	private final OutboxFileNames fileNames;

	private final ObjectMapper json = new ObjectMapper();

	public ShipmentLines(WebhookParser parser, TradecloudProperties properties, OutboxFileNames fileNames) {
		this.parser = parser;
		this.allLinesAlways = properties.shipments().allLines();
		this.fileNames = fileNames;
	}

	/**
	 * The lines of a shipment event, read one at a time.
	 * @param body the shipment event as received: bytes, or a stream cache (spooled to
	 * disk when large); read twice, never held whole
	 * @param format {@code json} or {@code xml}
	 * @param allLines whether the body is a whole shipment fetched from the API
	 * @return the lines, in the order they appear in the shipment
	 */
	public Iterator<ShipmentLine> lines(@Body Object body, @Header(TradecloudHeaders.FORMAT) String format,
			@Header(TradecloudHeaders.ALL_LINES) Boolean allLines) {
		return read(body, format, allLines, false);
	}

	/**
	 * The lines this event added or changed (every line when it sends everything), read
	 * one at a time: what the split delivers.
	 * @param body the shipment event as received
	 * @param format {@code json} or {@code xml}
	 * @param allLines whether the body is a whole shipment fetched from the API
	 * @return the changed lines, in the order they appear in the shipment
	 */
	public Iterator<ShipmentLine> changedLines(@Body Object body, @Header(TradecloudHeaders.FORMAT) String format,
			@Header(TradecloudHeaders.ALL_LINES) Boolean allLines) {
		return read(body, format, allLines, true);
	}

	/**
	 * The changed lines in batches of {@value #LINES_PER_TRANSACTION}, read one batch at
	 * a time: each batch goes to the queue in a JMS transaction of its own, so that the
	 * broker holds one batch in memory, however many lines the shipment has. The same
	 * event always gives the same batches.
	 * @param body the shipment event as received
	 * @param format {@code json} or {@code xml}
	 * @param allLines whether the body is a whole shipment fetched from the API
	 * @return the changed lines, in their order, {@value #LINES_PER_TRANSACTION} at a
	 * time
	 */
	public Iterator<List<ShipmentLine>> changedLineBatches(@Body Object body,
			@Header(TradecloudHeaders.FORMAT) String format, @Header(TradecloudHeaders.ALL_LINES) Boolean allLines) {
		Iterator<ShipmentLine> lines = changedLines(body, format, allLines);
		return new Iterator<>() {
			@Override
			public boolean hasNext() {
				return lines.hasNext();
			}

			@Override
			public List<ShipmentLine> next() {
				List<ShipmentLine> batch = new ArrayList<>(LINES_PER_TRANSACTION);
				while (batch.size() < LINES_PER_TRANSACTION && lines.hasNext()) {
					batch.add(lines.next());
				}
				if (batch.isEmpty()) {
					throw new NoSuchElementException();
				}
				return batch;
			}
		};
	}

	/**
	 * Makes one line of the split the message delivered, in one step (a shipment has
	 * thousands of lines): its JSON as the body; its file name, the same for the same
	 * line of the same event ({@code CamelFileName}); and the line's purchase order
	 * number, line position and delivery schedule position as {@code tradecloud*} headers
	 * (left out when the line has none).
	 * @param message the split's message, a {@link ShipmentLine} as its body, with the
	 * event's headers
	 */
	public void prepare(Message message) {
		ShipmentLine line = message.getBody(ShipmentLine.class);
		String orderNumber = line.purchaseOrderNumber();
		String linePosition = line.purchaseOrderLinePosition();
		String schedulePosition = line.deliverySchedulePosition();
		message.setHeader(Exchange.FILE_NAME,
				this.fileNames.shipmentLineFileName(message.getHeader(TradecloudHeaders.RECEIVED_AT, String.class),
						line.shipmentNumber(), line.index(), orderNumber, linePosition, schedulePosition));
		header(message, TradecloudHeaders.PURCHASE_ORDER_NUMBER, orderNumber);
		header(message, TradecloudHeaders.PURCHASE_ORDER_LINE_POSITION, linePosition);
		header(message, TradecloudHeaders.DELIVERY_SCHEDULE_POSITION, schedulePosition);
		message.setBody(line.json());
	}

	private static void header(Message message, String name, String value) {
		if (value != null) {
			message.setHeader(name, value);
		}
		else {
			message.removeHeader(name);
		}
	}

	/**
	 * The shipment documents this event added or changed (all of them when the event
	 * sends everything), buyer and supplier side.
	 * @param body the shipment event as received
	 * @param format {@code json} or {@code xml}
	 * @param allLines whether the body is a whole shipment fetched from the API
	 * @return one job per document
	 */
	public List<DocumentJob> documents(@Body Object body, @Header(TradecloudHeaders.FORMAT) String format,
			@Header(TradecloudHeaders.ALL_LINES) Boolean allLines) {
		ShipmentHeader header = header(ShipmentBody.of(body), formatOf(format));
		boolean all = sendsEverything(header, allLines);
		List<DocumentJob> jobs = new ArrayList<>();
		for (String side : List.of("supplierShipment", "buyerShipment")) {
			JsonNode documents = header.shipment().path(side).path("documents");
			for (int i = 0; i < documents.size(); i++) {
				if (documents.get(i) instanceof ObjectNode document && (all
						|| sameInstant(document.at("/meta/lastUpdatedAt").asText(null), header.lastUpdatedAt()))) {
					jobs.add(new DocumentJob(document, "/shipment/" + side + "/documents/" + i, SHIPMENT,
							header.eventName(), header.messageId(), null, null, header.shipmentId(),
							header.shipment().at("/supplierShipment/shipmentNumber").asText(null)));
				}
			}
		}
		return jobs;
	}

	/**
	 * Whether the event added or changed documents of the shipment, which then go to the
	 * document download.
	 * @param body the shipment event as received
	 * @param format {@code json} or {@code xml}
	 * @param allLines whether the body is a whole shipment fetched from the API
	 * @return true when there is at least one document to fetch
	 */
	public boolean hasDocuments(@Body Object body, @Header(TradecloudHeaders.FORMAT) String format,
			@Header(TradecloudHeaders.ALL_LINES) Boolean allLines) {
		return documents(body, format, allLines).stream().anyMatch(DocumentJob::hasFile);
	}

	private Iterator<ShipmentLine> read(Object body, String format, Boolean allLines, boolean changedOnly) {
		EventFormat eventFormat = formatOf(format);
		ShipmentBody source = ShipmentBody.of(body);
		ShipmentHeader header = header(source, eventFormat);
		boolean all = sendsEverything(header, allLines);
		try {
			return new LineIterator(this.parser.stream(source.open(), eventFormat), eventFormat, header, all,
					changedOnly);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether every line and document counts as changed: a resend, a whole shipment
	 * fetched by a GET webhook, the all-lines setting, or a shipment without the
	 * timestamp the rule compares with.
	 */
	private boolean sendsEverything(ShipmentHeader header, Boolean allLines) {
		return this.allLinesAlways || Boolean.TRUE.equals(allLines) || RESENT.equals(header.eventName())
				|| header.lastUpdatedAt() == null;
	}

	private static EventFormat formatOf(String format) {
		return EventFormat.XML.extension().equals(format) ? EventFormat.XML : EventFormat.JSON;
	}

	/**
	 * First pass: the shipment without its lines, and each load carrier without its
	 * lines.
	 */
	ShipmentHeader header(ShipmentBody body, EventFormat format) {
		try (JsonParser parser = this.parser.stream(body.open(), format)) {
			ObjectNode top = this.json.createObjectNode();
			ObjectNode shipment = this.json.createObjectNode();
			List<ObjectNode> carriers = new ArrayList<>();
			expect(parser.nextToken(), JsonToken.START_OBJECT);
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				if (field.equals(SHIPMENT) && parser.currentToken() == JsonToken.START_OBJECT) {
					readShipmentHeader(parser, format, shipment, carriers);
				}
				else {
					top.set(field, parser.readValueAsTree());
				}
			}
			if (format == EventFormat.XML) {
				top.set(SHIPMENT, shipment);
				top = TxmlNormalizer.normalize(top);
				shipment = (ObjectNode) top.get(SHIPMENT);
				carriers.replaceAll(TxmlNormalizer::normalize);
			}
			String messageId = top.at("/meta/messageId").asText(null);
			if (messageId == null) {
				messageId = shipment.at("/meta/messageId").asText(null);
			}
			String eventName = top.path("eventName").asText(null);
			return new ShipmentHeader(eventName, messageId, shipment, carriers,
					lineCommon(eventName, messageId, shipment));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("shipment could not be read", ex);
		}
	}

	/**
	 * What every line message of a shipment carries, so that one line can be booked
	 * alone: the ids, the event, a few header fields by name and the whole shipment
	 * header ({@code shipment}: everything but the lines and load carriers, that is
	 * identifiers, parties, contacts, invoice numbers, status and reason, locations,
	 * timestamps). Values as text, empty values left out, as both JSON and tXML can carry
	 * them.
	 */
	private ObjectNode lineCommon(String eventName, String messageId, ObjectNode shipment) {
		ObjectNode common = this.json.createObjectNode();
		common.put("shipmentId", shipment.path("id").asText(null));
		common.set("shipmentNumber", shipment.at("/supplierShipment/shipmentNumber"));
		common.put("eventName", eventName);
		common.put("messageId", messageId);
		common.set("shipmentLastUpdatedAt", shipment.at("/meta/lastUpdatedAt"));
		common.set("transportMode", shipment.path("transportMode"));
		common.set("identifiers", shipment.path("identifiers"));
		common.set("processStatus", shipment.path("processStatus"));
		ObjectNode supplier = common.putObject("supplier");
		supplier.set("companyId", shipment.at("/supplierShipment/companyId"));
		supplier.set("buyerAccountNumber", shipment.at("/supplierShipment/buyerAccountNumber"));
		ObjectNode buyer = common.putObject("buyer");
		buyer.set("companyId", shipment.at("/buyerShipment/companyId"));
		buyer.set("supplierAccountNumber", shipment.at("/buyerShipment/supplierAccountNumber"));
		common.set("purchaseOrderTerms", shipment.at("/buyerShipment/purchaseOrderTerms"));
		common.set("departure", shipment.at("/locations/departure"));
		common.set("destinations", shipment.at("/locations/destinations"));
		common.set("shipment", shipment);
		JsonNode comparable = TxmlNormalizer.textOnly(common);
		return (comparable instanceof ObjectNode object) ? object : this.json.createObjectNode();
	}

	private void readShipmentHeader(JsonParser parser, EventFormat format, ObjectNode shipment,
			List<ObjectNode> carriers) throws IOException {
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if (isLines(field, format)) {
				parser.skipChildren();
			}
			else if (field.equals("loadCarriers") && value == JsonToken.START_ARRAY) {
				while (parser.nextToken() == JsonToken.START_OBJECT) {
					carriers.add(readCarrierHeader(parser, format));
				}
			}
			else if (field.equals("loadCarrier") && format == EventFormat.XML && value == JsonToken.START_OBJECT) {
				carriers.add(readCarrierHeader(parser, format));
			}
			else {
				JsonNode node = parser.readValueAsTree();
				JsonNode existing = shipment.get(field);
				if (existing != null && format == EventFormat.XML) {
					// a repeated tXML element: keep every occurrence, as the tree reader
					// does
					shipment.set(field, (existing instanceof ArrayNode array) ? array.add(node)
							: this.json.createArrayNode().add(existing).add(node));
				}
				else {
					shipment.set(field, node);
				}
			}
		}
	}

	private ObjectNode readCarrierHeader(JsonParser parser, EventFormat format) throws IOException {
		ObjectNode carrier = this.json.createObjectNode();
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String field = parser.currentName();
			parser.nextToken();
			if (isLines(field, format)) {
				parser.skipChildren();
			}
			else {
				carrier.set(field, parser.readValueAsTree());
			}
		}
		return carrier;
	}

	private static boolean isLines(String field, EventFormat format) {
		return field.equals("lines") || (format == EventFormat.XML && field.equals("line"));
	}

	private static void expect(JsonToken actual, JsonToken expected) throws IOException {
		if (actual != expected) {
			throw new IOException("expected " + expected + " but found " + actual);
		}
	}

	/**
	 * Whether two timestamps are the same instant, whatever their precision or zone
	 * notation; a timestamp without a zone is taken as UTC.
	 */
	static boolean sameInstant(String a, String b) {
		Instant first = Codecs.parseInstant(a);
		return first != null && first.equals(Codecs.parseInstant(b));
	}

	/**
	 * The shipment without its lines.
	 */
	record ShipmentHeader(String eventName, String messageId, ObjectNode shipment, List<ObjectNode> carriers,
			ObjectNode lineCommon) {

		String lastUpdatedAt() {
			return this.shipment.at("/meta/lastUpdatedAt").asText(null);
		}

		String shipmentId() {
			return this.shipment.path("id").asText(null);
		}

		/**
		 * A line message: the fields every line of the shipment carries, then the line's
		 * load carrier (without its lines) and the line.
		 */
		ObjectNode lineMessage(ObjectNode carrier, ObjectNode line) {
			// the common fields are shared, not copied: nothing changes them
			ObjectNode message = JsonNodeFactory.instance.objectNode().setAll(this.lineCommon);
			JsonNode comparableCarrier = TxmlNormalizer.textOnly(carrier);
			if (comparableCarrier != null) {
				message.set("loadCarrier", comparableCarrier);
			}
			JsonNode comparableLine = TxmlNormalizer.textOnly(line);
			if (comparableLine != null) {
				message.set("line", comparableLine);
			}
			return message;
		}

	}

	/**
	 * Second pass: the lines, one at a time, each with its load carrier.
	 */
	private final class LineIterator implements Iterator<ShipmentLine> {

		private final JsonParser parser;

		private final EventFormat format;

		private final ShipmentHeader header;

		private final boolean all;

		private final boolean changedOnly;

		private int carrier = -1;

		private int index;

		private State state = State.START;

		private ShipmentLine next;

		LineIterator(JsonParser parser, EventFormat format, ShipmentHeader header, boolean all, boolean changedOnly) {
			this.parser = parser;
			this.format = format;
			this.header = header;
			this.all = all;
			this.changedOnly = changedOnly;
		}

		@Override
		public boolean hasNext() {
			while (this.next == null && this.state != State.DONE) {
				try {
					ShipmentLine line = advance();
					this.next = (line == null || line.changed() || !this.changedOnly) ? line : null;
				}
				catch (IOException ex) {
					close();
					throw new UncheckedIOException("shipment could not be read", ex);
				}
			}
			return this.next != null;
		}

		@Override
		public ShipmentLine next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			ShipmentLine line = this.next;
			this.next = null;
			return line;
		}

		private ShipmentLine advance() throws IOException {
			while (true) {
				JsonToken token = this.parser.nextToken();
				if (token == null) {
					close();
					return null;
				}
				switch (this.state) {
					case START -> enterShipment(token);
					case SHIPMENT -> {
						if (token == JsonToken.END_OBJECT) {
							close();
							return null;
						}
						String field = this.parser.currentName();
						JsonToken value = this.parser.nextToken();
						if (field.equals("lines") && value == JsonToken.START_ARRAY) {
							this.state = State.LOOSE_LINES;
						}
						else if (field.equals("line") && this.format == EventFormat.XML) {
							return line(null);
						}
						else if (field.equals("loadCarriers") && value == JsonToken.START_ARRAY) {
							this.state = State.CARRIERS;
						}
						else if (field.equals("loadCarrier") && this.format == EventFormat.XML) {
							this.carrier++;
							this.state = State.CARRIER;
						}
						else {
							this.parser.skipChildren();
						}
					}
					case LOOSE_LINES -> {
						if (token == JsonToken.END_ARRAY) {
							this.state = State.SHIPMENT;
						}
						else {
							return line(null);
						}
					}
					case CARRIERS -> {
						if (token == JsonToken.END_ARRAY) {
							this.state = State.SHIPMENT;
						}
						else {
							this.carrier++;
							this.state = State.CARRIER;
						}
					}
					case CARRIER -> {
						if (token == JsonToken.END_OBJECT) {
							this.state = (this.format == EventFormat.XML) ? State.SHIPMENT : State.CARRIERS;
							continue;
						}
						String field = this.parser.currentName();
						JsonToken value = this.parser.nextToken();
						if (field.equals("lines") && value == JsonToken.START_ARRAY) {
							this.state = State.CARRIER_LINES;
						}
						else if (field.equals("line") && this.format == EventFormat.XML) {
							return line(this.header.carriers().get(this.carrier));
						}
						else {
							this.parser.skipChildren();
						}
					}
					case CARRIER_LINES -> {
						if (token == JsonToken.END_ARRAY) {
							this.state = State.CARRIER;
						}
						else {
							return line(this.header.carriers().get(this.carrier));
						}
					}
					default -> {
						return null;
					}
				}
			}
		}

		/** Top level: skip to the inside of the shipment object. */
		private void enterShipment(JsonToken token) throws IOException {
			if (token == JsonToken.START_OBJECT) {
				return;
			}
			if (token == JsonToken.FIELD_NAME) {
				String field = this.parser.currentName();
				JsonToken value = this.parser.nextToken();
				if (field.equals(SHIPMENT) && value == JsonToken.START_OBJECT) {
					this.state = State.SHIPMENT;
				}
				else {
					this.parser.skipChildren();
				}
			}
		}

		private ShipmentLine line(ObjectNode carrier) throws IOException {
			JsonNode read = this.parser.readValueAsTree();
			ObjectNode line = (read instanceof ObjectNode object) ? object : ShipmentLines.this.json.createObjectNode();
			if (this.format == EventFormat.XML) {
				line = TxmlNormalizer.normalize(line);
			}
			this.index++;
			boolean changed = this.all
					|| sameInstant(line.at("/meta/lastUpdatedAt").asText(null), this.header.lastUpdatedAt());
			// a line the split skips is not made into a message (hasNext drops it unseen)
			ObjectNode message = (changed || !this.changedOnly) ? this.header.lineMessage(carrier, line) : null;
			return new ShipmentLine(this.index, changed, message);
		}

		private void close() {
			this.state = State.DONE;
			try {
				this.parser.close();
			}
			catch (IOException ex) {
				// nothing left to read
			}
		}

	}

	private enum State {

		START, SHIPMENT, LOOSE_LINES, CARRIERS, CARRIER, CARRIER_LINES, DONE

	}

}
