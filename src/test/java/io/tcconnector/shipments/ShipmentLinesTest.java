package io.tcconnector.shipments;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcconnector.config.BoundProperties;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.documents.DocumentJob;
import io.tcconnector.outbox.OutboxFileNames;
import io.tcconnector.support.TestConnector;
import io.tcconnector.tradecloud.TradecloudHeaders;
import io.tcconnector.tradecloud.WebhookParser;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.converter.stream.CachedOutputStream;
import org.apache.camel.converter.stream.FileInputStreamCache;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shipment splits into one message per line, loose and in load carriers, and keeps the
 * lines the event changed, the same from JSON and tXML.
 */
class ShipmentLinesTest {

	static final String SHIPMENT_UPDATED_AT = "2026-11-20T09:15:01.900Z";

	ShipmentLines splitter(boolean allLines) {
		TradecloudProperties properties = BoundProperties.of(Map.of("tradecloud.shipments.all-lines", allLines));
		return new ShipmentLines(new WebhookParser(), properties, new OutboxFileNames());
	}

	/**
	 * A sample body, as the connector takes it from the events queue.
	 */
	static byte[] sample(String name) {
		return TestConnector.read(Path.of("src/test/resources/samples", name));
	}

	/**
	 * The same body as Camel's stream cache of a large webhook request (acknowledge mode
	 * sync): spooled to a file, read again after a reset.
	 */
	static StreamCache spooled(byte[] body) throws Exception {
		DefaultCamelContext camel = new DefaultCamelContext();
		camel.getStreamCachingStrategy().setSpoolEnabled(true);
		camel.getStreamCachingStrategy().setSpoolThreshold(1);
		camel.getStreamCachingStrategy().setSpoolDirectory(Files.createTempDirectory("spool").toFile());
		camel.start();
		CachedOutputStream out = new CachedOutputStream(new DefaultExchange(camel), false);
		out.write(body);
		StreamCache cache = out.newStreamCache();
		assertThat(cache).isInstanceOf(FileInputStreamCache.class);
		return cache;
	}

	static List<ShipmentLine> all(ShipmentLines splitter, Object body, String format) {
		List<ShipmentLine> lines = new ArrayList<>();
		splitter.lines(body, format, null).forEachRemaining(lines::add);
		return lines;
	}

	@Test
	void everyLineIsReadLooseAndInLoadCarriersWithItsCarrierAndTheShipmentHeader() {
		List<ShipmentLine> lines = all(splitter(false), sample("shipment-event.json"), "json");

		assertThat(lines).extracting(ShipmentLine::index).containsExactly(1, 2, 3, 4);
		ShipmentLine inContainer = lines.get(0);
		assertThat(inContainer.message().at("/loadCarrier/containerNumber").asText()).isEqualTo("MSKU1234565");
		assertThat(inContainer.message().at("/line/purchaseOrderNumber").asText()).isEqualTo("PO-1004");
		assertThat(inContainer.message().path("shipmentId").asText())
			.isEqualTo("1f61e695-7545-5670-9384-58e8b1f263e6-SN-2001");
		assertThat(inContainer.shipmentNumber()).isEqualTo("SN-2001");
		assertThat(inContainer.message().path("eventName").asText()).isEqualTo("ShipmentReissuedBySupplier");
		assertThat(inContainer.message().path("messageId").asText()).isEqualTo("0b6f3a52-3f1e-4c8e-9a61-0c1d2e3f4a04");
		assertThat(inContainer.message().path("transportMode").asText()).isEqualTo("Road transport");
		assertThat(inContainer.message().at("/departure/location/names/0").asText()).isEqualTo("Supplier plant");
		assertThat(inContainer.message().at("/destinations/0/location/names/0").asText()).isEqualTo("Buyer DC");
		assertThat(inContainer.message().path("purchaseOrderTerms").isObject()).isTrue();
		ShipmentLine loose = lines.get(2);
		assertThat(loose.message().has("loadCarrier")).isFalse();
	}

	@Test
	void aLineIsMadeTheMessageDeliveredWithItsFileNameAndHeaders() {
		ShipmentLines splitter = splitter(false);
		ShipmentLine line = all(splitter, sample("shipment-event.json"), "json").get(0);
		ObjectNode withoutSchedule = line.message().deepCopy();
		((ObjectNode) withoutSchedule.get("line")).remove("deliverySchedulePosition");
		DefaultCamelContext camel = new DefaultCamelContext();
		Message message = new DefaultExchange(camel).getMessage();
		message.setHeader(TradecloudHeaders.RECEIVED_AT, "2026-11-20T09:15:02.114023Z");
		// left from the event: a line without a schedule position does not keep it
		message.setHeader(TradecloudHeaders.DELIVERY_SCHEDULE_POSITION, "9");
		message.setBody(new ShipmentLine(line.index(), line.changed(), withoutSchedule));

		splitter.prepare(message);

		assertThat(message.getHeader(Exchange.FILE_NAME))
			.isEqualTo("20261120-091502-114023_SN-2001_00001_PO-1004_0001.json");
		assertThat(message.getHeader(TradecloudHeaders.PURCHASE_ORDER_NUMBER)).isEqualTo("PO-1004");
		assertThat(message.getHeader(TradecloudHeaders.PURCHASE_ORDER_LINE_POSITION)).isEqualTo("0001");
		assertThat(message.getHeaders()).doesNotContainKey(TradecloudHeaders.DELIVERY_SCHEDULE_POSITION);
		assertThat(message.getBody()).isEqualTo(withoutSchedule.toString());
	}

	@Test
	void onlyLinesUpdatedWithTheShipmentAreChanged() {
		List<ShipmentLine> lines = all(splitter(false), sample("shipment-event.json"), "json");
		assertThat(lines).filteredOn(ShipmentLine::changed)
			.extracting((line) -> line.message().at("/line/meta/lastUpdatedAt").asText())
			.isNotEmpty()
			.allMatch((at) -> ShipmentLines.sameInstant(at, SHIPMENT_UPDATED_AT));
		assertThat(lines).filteredOn((line) -> !line.changed()).isNotEmpty();
	}

	@Test
	void theSplitTakesTheChangedLinesOnlyInTheirOrder() {
		ShipmentLines splitter = splitter(false);
		byte[] body = sample("shipment-event.json");
		List<Integer> changed = all(splitter, body, "json").stream()
			.filter(ShipmentLine::changed)
			.map(ShipmentLine::index)
			.toList();
		List<ShipmentLine> split = new ArrayList<>();
		splitter.changedLines(body, "json", null).forEachRemaining(split::add);

		assertThat(changed).isNotEmpty().hasSizeLessThan(all(splitter, body, "json").size());
		assertThat(split).extracting(ShipmentLine::index).isEqualTo(changed);
		assertThat(split).extracting(ShipmentLine::json)
			.isEqualTo(all(splitter, body, "json").stream()
				.filter(ShipmentLine::changed)
				.map(ShipmentLine::json)
				.toList());
		Iterator<ShipmentLine> none = splitter.changedLines(sample("shipment-event.json"), "json", null);
		none.forEachRemaining((line) -> {
		});
		assertThatThrownBy(none::next).isInstanceOf(NoSuchElementException.class);
	}

	@Test
	void theChangedLinesComeInBatchesOfTwoHundredTheSameEveryTime() {
		ShipmentLines splitter = splitter(false);
		byte[] body = TestConnector.shipmentWithLines("batches", 450).getBytes(StandardCharsets.UTF_8);
		List<ShipmentLine> lines = new ArrayList<>();
		splitter.changedLines(body, "json", null).forEachRemaining(lines::add);
		List<List<ShipmentLine>> batches = new ArrayList<>();
		Iterator<List<ShipmentLine>> read = splitter.changedLineBatches(body, "json", null);
		read.forEachRemaining(batches::add);

		// 450 loose lines and the container line
		assertThat(batches).extracting(List::size).containsExactly(200, 200, 51);
		assertThat(batches.stream().flatMap(List::stream).map(ShipmentLine::json))
			.containsExactlyElementsOf(lines.stream().map(ShipmentLine::json).toList());
		List<List<ShipmentLine>> again = new ArrayList<>();
		splitter.changedLineBatches(body, "json", null).forEachRemaining(again::add);
		assertThat(again).extracting((batch) -> batch.stream().map(ShipmentLine::index).toList())
			.isEqualTo(batches.stream().map((batch) -> batch.stream().map(ShipmentLine::index).toList()).toList());
		assertThatThrownBy(read::next).isInstanceOf(NoSuchElementException.class);
		assertThat(splitter.changedLineBatches(sample("shipment-header-updated.json"), "json", null).hasNext())
			.isFalse();
	}

	@Test
	void txmlGivesExactlyTheSameLineMessages() {
		List<ShipmentLine> fromJson = all(splitter(false), sample("shipment-event.json"), "json");
		List<ShipmentLine> fromXml = all(splitter(false), sample("shipment-event.xml"), "xml");
		assertThat(fromXml).hasSameSizeAs(fromJson);
		for (int i = 0; i < fromJson.size(); i++) {
			assertThat(fromXml.get(i).json()).isEqualTo(fromJson.get(i).json());
			assertThat(fromXml.get(i).changed()).isEqualTo(fromJson.get(i).changed());
		}
	}

	@Test
	void txmlWithOneContactAndOneDestinationGivesTheSameLineMessagesAsItsJson() {
		for (String sample : List.of("shipment-header-updated", "shipment-approved")) {
			List<ShipmentLine> fromJson = all(splitter(true), sample(sample + ".json"), "json");
			List<ShipmentLine> fromXml = all(splitter(true), sample(sample + ".xml"), "xml");
			assertThat(fromJson).as(sample).hasSize(2);
			assertThat(fromXml).extracting(ShipmentLine::json)
				.containsExactlyElementsOf(fromJson.stream().map(ShipmentLine::json).toList());
			JsonNode line = fromXml.get(0).message();
			assertThat(line.at("/shipment/supplierShipment/contacts").size()).isEqualTo(1);
			assertThat(line.at("/shipment/locations/destinations").size()).isEqualTo(1);
			assertThat(line.at("/destinations/0/location/names/0").asText()).isNotBlank();
			assertThat(line.at("/shipment/identifiers/billOfLadingNumber").asText()).isEqualTo("BOL-778899");
			assertThat(line.at("/shipment/supplierShipment/invoiceNumbers/0").asText()).isEqualTo("INV-3001");
		}
	}

	@Test
	void aShipmentEventThatChangesOnlyTheHeaderChangesNoLineWithZonelessTimestamps() {
		for (String format : List.of("json", "xml")) {
			assertThat(all(splitter(false), sample("shipment-header-updated." + format), format)).as(format)
				.hasSize(2)
				.noneMatch(ShipmentLine::changed);
		}
		// Tradecloud's own example writes timestamps without a zone: they still compare
		byte[] zoneless = new String(sample("shipment-header-updated.json"), java.nio.charset.StandardCharsets.UTF_8)
			.replace("2026-11-25T09:00:00", "2026-11-26T10:11:12")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(all(splitter(false), zoneless, "json")).hasSize(2).allMatch(ShipmentLine::changed);
	}

	@Test
	void aBodySpooledToDiskSplitsLikeBytes() throws Exception {
		List<ShipmentLine> fromBytes = all(splitter(false), sample("shipment-event.json"), "json");
		List<ShipmentLine> fromSpool = all(splitter(false), spooled(sample("shipment-event.json")), "json");
		assertThat(fromSpool).extracting(ShipmentLine::json)
			.containsExactlyElementsOf(fromBytes.stream().map(ShipmentLine::json).toList());
		assertThat(fromSpool).extracting(ShipmentLine::changed)
			.containsExactlyElementsOf(fromBytes.stream().map(ShipmentLine::changed).toList());
	}

	@Test
	void instantsCompareWhateverThePrecisionOrZone() {
		assertThat(ShipmentLines.sameInstant("2026-11-20T09:15:01.900Z", "2026-11-20T09:15:01.9Z")).isTrue();
		assertThat(ShipmentLines.sameInstant("2026-11-20T09:15:01.900Z", "2026-11-20T10:15:01.900+01:00")).isTrue();
		assertThat(ShipmentLines.sameInstant("2026-11-20T09:15:01.900000Z", "2026-11-20T09:15:01.900Z")).isTrue();
		assertThat(ShipmentLines.sameInstant("2026-11-20T09:15:01.900", "2026-11-20T09:15:01.900Z")).isTrue();
		assertThat(ShipmentLines.sameInstant("2026-11-20T09:15:01.901Z", "2026-11-20T09:15:01.900Z")).isFalse();
		assertThat(ShipmentLines.sameInstant(null, "2026-11-20T09:15:01.900Z")).isFalse();
		assertThat(ShipmentLines.sameInstant("yesterday", "yesterday")).isFalse();
	}

	@Test
	void aResendTheAllLinesSettingOrAFetchedShipmentSendEveryLine() {
		byte[] resent = new String(sample("shipment-event.json"), StandardCharsets.UTF_8)
			.replace("ShipmentReissuedBySupplier", ShipmentLines.RESENT)
			.getBytes(StandardCharsets.UTF_8);
		assertThat(all(splitter(false), resent, "json")).allMatch(ShipmentLine::changed);
		assertThat(all(splitter(true), sample("shipment-event.json"), "json")).allMatch(ShipmentLine::changed);
		List<ShipmentLine> fetched = new ArrayList<>();
		splitter(false).lines(sample("shipment-event.json"), "json", true).forEachRemaining(fetched::add);
		assertThat(fetched).allMatch(ShipmentLine::changed);
	}

	@Test
	void onlyChangedShipmentDocumentsAreFetchedUnlessEverythingIsSent() {
		List<DocumentJob> changed = splitter(false).documents(sample("shipment-event.json"), "json", null);
		assertThat(changed).extracting(DocumentJob::code).containsExactly("PL-1");
		assertThat(changed.get(0).shipmentNumber()).isEqualTo("SN-2001");
		assertThat(splitter(false).documents(sample("shipment-event.xml"), "xml", null)).extracting(DocumentJob::code)
			.containsExactly("PL-1");
		assertThat(splitter(true).documents(sample("shipment-event.json"), "json", null)).extracting(DocumentJob::code)
			.contains("PL-1", "INV-1");
	}

}
