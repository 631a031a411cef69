package io.tcconnector.documents;

import java.nio.file.Path;
import java.util.List;

import io.tcconnector.config.BoundProperties;
import io.tcconnector.outbox.OutboxFileNames;
import io.tcconnector.shipments.ShipmentLines;
import io.tcconnector.support.TestConnector;
import io.tcconnector.tradecloud.WebhookParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents are found wherever an event holds them, the same in JSON and tXML.
 */
class DocumentReferencesTest {

	final DocumentReferences references = new DocumentReferences(new WebhookParser(),
			new ShipmentLines(new WebhookParser(), BoundProperties.defaults(), new OutboxFileNames()));

	List<DocumentJob> find(String sample, String format) {
		return this.references.find(TestConnector.read(Path.of("src/test/resources/samples", sample)), format,
				"orderDocumentsEvent", null);
	}

	@Test
	void findsOrderAndLineDocumentsOnBothSides() {
		List<DocumentJob> jobs = find("order-documents-event.json", "json");
		assertThat(jobs).extracting(DocumentJob::code).containsExactly("CERT-1", "DRAW-7", "NOTE-1");
		DocumentJob certificate = jobs.get(0);
		assertThat(certificate.location()).isEqualTo("/orderDocumentsEvent/supplierOrder/documents/0");
		assertThat(certificate.objectId()).isEqualTo("05d251f0-0166-4e1e-8110-8d7a507b18f4");
		assertThat(certificate.key()).isEqualTo("objectId:05d251f0-0166-4e1e-8110-8d7a507b18f4");
		assertThat(certificate.purchaseOrderNumber()).isEqualTo("PO-1003");
		assertThat(certificate.eventName()).isEqualTo("OrderDocumentsAttachedBySupplier");
		assertThat(certificate.messageId()).isNotBlank();
		assertThat(jobs.get(1).url()).endsWith("/content/drawing-7.pdf");
		assertThat(jobs.get(1).location()).contains("/lines/0/supplierLine/documents/");
		assertThat(jobs.get(2).hasFile()).isFalse();
	}

	@Test
	void tXmlGivesTheSameDocuments() {
		List<DocumentJob> fromJson = find("order-documents-event.json", "json");
		List<DocumentJob> fromXml = find("order-documents-event.xml", "xml");
		assertThat(fromXml).extracting(DocumentJob::key)
			.containsExactlyElementsOf(fromJson.stream().map(DocumentJob::key).toList());
		assertThat(fromXml).extracting(DocumentJob::location)
			.containsExactlyElementsOf(fromJson.stream().map(DocumentJob::location).toList());
	}

	@Test
	void aShipmentGivesTheDocumentsItsEventChanged() {
		byte[] shipment = TestConnector.read(Path.of("src/test/resources/samples/shipment-event.json"));
		List<DocumentJob> changed = this.references.find(shipment, "json", "shipment", null);
		List<DocumentJob> all = this.references.find(shipment, "json", "shipment", true);
		assertThat(changed).isNotEmpty().allSatisfy((job) -> assertThat(job.kind()).isEqualTo("shipment"));
		assertThat(all.size()).isGreaterThan(changed.size());
		assertThat(all).extracting(DocumentJob::key).containsAll(changed.stream().map(DocumentJob::key).toList());
	}

	@Test
	void onlyHttpUrlsAreFetched() {
		DocumentJob job = find("order-documents-event.json", "json").get(1);
		assertThat(job.httpUrl().getScheme()).isEqualTo("http");
		for (String url : new String[] { "file:///etc/passwd", "ftp://host/x", "jar:file:/x!/y", "//host/x",
				"gopher://h/" }) {
			job.document().put("url", url);
			org.assertj.core.api.Assertions.assertThatIllegalArgumentException().as(url).isThrownBy(job::httpUrl);
		}
	}

	@Test
	void anOrderEventCarriesTheDocumentsOfANewOrderOnTheHeaderAndTheLinesTheSameInTxml() {
		for (String format : List.of("json", "xml")) {
			byte[] body = TestConnector
				.read(Path.of("src/test/resources/samples/order-issued-with-documents." + format));
			List<DocumentJob> jobs = this.references.find(body, format, "orderEvent", null);
			assertThat(jobs).as(format)
				.extracting(DocumentJob::code)
				.containsExactly("SPEC-2001", "DRW-4711", "SPEC-ST-9", "NOTE-88");
			assertThat(jobs).extracting(DocumentJob::location)
				.containsExactly("/orderEvent/buyerOrder/documents/0", "/orderEvent/lines/0/buyerLine/documents/0",
						"/orderEvent/lines/0/buyerLine/documents/1", "/orderEvent/lines/1/buyerLine/documents/0");
			assertThat(jobs.get(0).objectId()).isEqualTo("7b1c2d3e-0001-4e1e-8110-8d7a507b18f4");
			assertThat(jobs.get(2).url()).endsWith("/content/surface-treatment-spec.pdf");
			assertThat(jobs.get(3).hasFile()).isFalse();
			assertThat(jobs).allSatisfy((job) -> assertThat(job.purchaseOrderNumber()).isEqualTo("PO-2001"));
			assertThat(jobs.get(0).event()).startsWith("order PO-2001 event OrderIssuedByBuyer message ");
			assertThat(this.references.hasDocuments(body, format, "orderEvent")).isTrue();
		}
		byte[] without = TestConnector.read(Path.of("src/test/resources/samples/simple-order-event.json"));
		assertThat(this.references.hasDocuments(without, "json", "singleDeliveryOrderEvent")).isFalse();
	}

	@Test
	void aFileIsKnownByItsObjectIdOrByItsUrlRevisionAndLastUpdate() {
		DocumentJob url = find("order-documents-event.json", "json").get(1);
		String before = url.key();
		assertThat(before).startsWith("url:").contains("/content/drawing-7.pdf");
		url.document().putObject("meta").put("lastUpdatedAt", "2026-12-01T10:00:00Z");
		String replaced = url.key();
		assertThat(replaced).isNotEqualTo(before);
		url.document().put("revision", "Z");
		assertThat(url.key()).isNotEqualTo(replaced);
		DocumentJob object = find("order-documents-event.json", "json").get(0);
		String objectKey = object.key();
		object.document().put("revision", "Z");
		assertThat(object.key()).isEqualTo(objectKey);
	}

}
