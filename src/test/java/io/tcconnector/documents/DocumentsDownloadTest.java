package io.tcconnector.documents;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.simulator.RetryPolicy;
import io.tcconnector.simulator.SendResult;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.simulator.WebhookSender;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import jakarta.jms.BytesMessage;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.apache.camel.builder.Builder.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Order documents events end to end against the local Tradecloud simulator: the event is
 * sent the way Tradecloud sends it, the connector logs in to the simulated API, fetches
 * every document into the documents folder with its sidecar and announces it on the
 * documents queue, through expired tokens, expired download URLs and an API that fails
 * for a while.
 */
@ConnectorTest
class DocumentsDownloadTest {

	static final TradecloudSimulator simulator = TestConnector.sharedSimulator();

	@Autowired
	TestConnector connector;

	static final String DOCUMENTS_QUEUE = "tradecloud.documents";

	static final String DEAD_LETTERS = "tradecloud.dead-letters";

	static final String SAMPLE_MESSAGE_ID = "0b6f3a52-3f1e-4c8e-9a61-0c1d2e3f4a03";

	static final String SHARED_DRAWING = "shared-drawing.pdf";

	static {
		simulator.putContent(SHARED_DRAWING, "application/pdf", "a drawing every test refers to".getBytes());
	}

	final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	CamelContext camel;

	@BeforeEach
	void emptyQueues() {
		connector.reset(DOCUMENTS_QUEUE, DEAD_LETTERS, "tradecloud.orders");
		simulator.setDownloadUrlLifetime(Duration.ofSeconds(30));
	}

	Path documents() {
		return connector.outputDir().resolve("documents");
	}

	/**
	 * A sample order documents event with its documents renamed apart, so that each test
	 * fetches documents no other test has fetched.
	 */
	Event sample(String file, String certificateObjectId, String drawingName) {
		String body = new String(TestConnector.read(Path.of("src/test/resources/samples", file)),
				StandardCharsets.UTF_8);
		String messageId = UUID.randomUUID().toString();
		return new Event(body.replace(TradecloudSimulator.SAMPLE_CERTIFICATE_OBJECT_ID, certificateObjectId)
			.replace("http://127.0.0.1:18080/content/drawing-7.pdf", simulator.baseUrl() + "/content/" + drawingName)
			.replace(SAMPLE_MESSAGE_ID, messageId), messageId);
	}

	/** A sample with a fresh message id, and a drawing every test shares. */
	Event sample(String file, String certificateObjectId) {
		return sample(file, certificateObjectId, SHARED_DRAWING);
	}

	/**
	 * Sends an event as Tradecloud does and waits until the document download has
	 * finished with it.
	 */
	SendResult sendAndAwaitDownloads(Event event, String contentType) {
		NotifyBuilder downloaded = TestConnector.whenRouteDone(this.camel, "documents-download",
				header("tradecloudMessageId").isEqualTo(event.messageId()));
		SendResult sent = sendAsTradecloud(event.body(), contentType);
		assertThat(sent.finalStatus()).isEqualTo(202);
		assertThat(downloaded.matches(60, TimeUnit.SECONDS)).as("documents-download done").isTrue();
		return sent;
	}

	SendResult sendAsTradecloud(String body, String contentType) {
		WebhookSender tradecloud;
		try {
			tradecloud = new WebhookSender(
					WebhookSender.trusting(connector.dataDir().resolve("tls/localhost-cert.pem")),
					new RetryPolicy(Duration.ofMillis(100), 2, Duration.ofSeconds(1), 5));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return tradecloud.send(URI.create("https://localhost:" + this.port + "/webhooks/tradecloud"), "POST",
				body.getBytes(StandardCharsets.UTF_8), contentType,
				TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD));
	}

	JsonNode sidecar(String fileName) {
		Path sidecar = documents().resolve(fileName + ".json");
		assertThat(sidecar).exists();
		try {
			return this.json.readTree(sidecar.toFile());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** An event body and its message id. */
	record Event(String body, String messageId) {
	}

	static String sha256(InputStream in) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		try (DigestInputStream stream = new DigestInputStream(in, digest)) {
			stream.transferTo(java.io.OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	static String sha256(Path file) throws Exception {
		return sha256(Files.newInputStream(file));
	}

	@Test
	void everyDocumentOfAJsonEventIsFetchedWithItsSidecarAndAnnounced() throws Exception {
		String objectId = UUID.randomUUID().toString();
		byte[] certificate = "%PDF-1.7 material certificate".getBytes(StandardCharsets.US_ASCII);
		simulator.addDocument(objectId, "material-certificate.pdf", "application/pdf", certificate);
		byte[] drawing = "%PDF-1.7 drawing 7".getBytes(StandardCharsets.US_ASCII);
		simulator.putContent("drawing-json.pdf", "application/pdf", drawing);

		SendResult sent = sendAndAwaitDownloads(sample("order-documents-event.json", objectId, "drawing-json.pdf"),
				"application/json");
		assertThat(sent.attempts()).isEqualTo(1);

		JsonNode certificateSidecar = sidecar("material-certificate.pdf");
		assertThat(Files.readAllBytes(documents().resolve("material-certificate.pdf"))).isEqualTo(certificate);
		assertThat(certificateSidecar.at("/document/code").asText()).isEqualTo("CERT-1");
		assertThat(certificateSidecar.at("/document/objectId").asText()).isEqualTo(objectId);
		assertThat(certificateSidecar.at("/event/purchaseOrderNumber").asText()).isEqualTo("PO-1003");
		assertThat(certificateSidecar.at("/event/orderId").asText()).isEqualTo("26701f41-a0df-59b4-a29a-0df8b667eb74");
		assertThat(certificateSidecar.at("/event/eventName").asText()).isEqualTo("OrderDocumentsAttachedBySupplier");
		assertThat(certificateSidecar.at("/event/messageId").asText()).isNotBlank();
		assertThat(certificateSidecar.at("/file/sha256").asText())
			.isEqualTo(sha256(new java.io.ByteArrayInputStream(certificate)));
		assertThat(certificateSidecar.at("/file/source").asText()).isEqualTo("presigned-url");

		JsonNode drawingSidecar = sidecar("drawing-json.pdf");
		assertThat(Files.readAllBytes(documents().resolve("drawing-json.pdf"))).isEqualTo(drawing);
		assertThat(drawingSidecar.at("/document/code").asText()).isEqualTo("DRAW-7");
		assertThat(drawingSidecar.at("/file/source").asText()).isEqualTo("url");

		List<TextMessage> messages = List.of((TextMessage) connector.receive(DOCUMENTS_QUEUE),
				(TextMessage) connector.receive(DOCUMENTS_QUEUE));
		for (TextMessage message : messages) {
			assertThat(message.getStringProperty("tradecloudDocumentPath")).startsWith(documents().toString());
			assertThat(message.getStringProperty("tradecloudPurchaseOrderNumber")).isEqualTo("PO-1003");
			assertThat(message.getStringProperty("tradecloudDocumentsFolder")).isNull();
		}
		List<String> announced = List.of(messages.get(0).getText(), messages.get(1).getText());
		assertThat(announced).extracting((text) -> this.json.readTree(text).at("/document/code").asText())
			.containsExactlyInAnyOrder("CERT-1", "DRAW-7");
		assertThat(announced)
			.allSatisfy((text) -> assertThat(Path.of(this.json.readTree(text).path("path").asText())).exists()
				.startsWith(documents().toAbsolutePath()));
		// NOTE-1 has neither objectId nor url: nothing to fetch, nothing announced
		connector.assertNoMoreOn(DOCUMENTS_QUEUE);
		assertThat(TestConnector.filesIn(documents())).extracting((p) -> p.getFileName().toString())
			.doesNotContain("No file", "NOTE-1")
			.noneMatch((name) -> name.endsWith(".part"));
	}

	@Test
	void aTxmlEventGivesTheSameDocuments() throws Exception {
		String objectId = UUID.randomUUID().toString();
		simulator.addDocument(objectId, "certificate-xml.pdf", "application/pdf", "xml certificate".getBytes());
		simulator.putContent("drawing-xml.pdf", "application/pdf", "xml drawing".getBytes());

		sendAndAwaitDownloads(sample("order-documents-event.xml", objectId, "drawing-xml.pdf"), "application/xml");

		assertThat(sidecar("certificate-xml.pdf").at("/document/code").asText()).isEqualTo("CERT-1");
		assertThat(sidecar("drawing-xml.pdf").at("/event/purchaseOrderNumber").asText()).isEqualTo("PO-1003");
		assertThat(Files.readString(documents().resolve("drawing-xml.pdf"))).isEqualTo("xml drawing");
	}

	@Test
	void anExpiredAccessTokenIsRefreshed() throws Exception {
		String first = UUID.randomUUID().toString();
		simulator.addDocument(first, "before-expiry.pdf", "application/pdf", "before".getBytes());
		sendAndAwaitDownloads(sample("order-documents-event.json", first), "application/json");
		sidecar("before-expiry.pdf");

		simulator.expireAccessTokens();
		int refreshes = simulator.refreshes();
		int logins = simulator.logins();
		String second = UUID.randomUUID().toString();
		simulator.addDocument(second, "after-expiry.pdf", "application/pdf", "after".getBytes());
		sendAndAwaitDownloads(sample("order-documents-event.json", second), "application/json");

		assertThat(sidecar("after-expiry.pdf").at("/file/size").asLong()).isEqualTo(5);
		assertThat(simulator.refreshes()).isEqualTo(refreshes + 1);
		assertThat(simulator.logins()).isEqualTo(logins);
	}

	@Test
	void anExpiredDownloadUrlIsFetchedAgainAndThenThroughTheProxy() throws Exception {
		String objectId = UUID.randomUUID().toString();
		simulator.addDocument(objectId, "expired-url.pdf", "application/pdf", "through the proxy".getBytes());
		simulator.setDownloadUrlLifetime(Duration.ZERO);
		simulator.resetCounters();

		sendAndAwaitDownloads(sample("order-documents-event.json", objectId), "application/json");

		JsonNode sidecar = sidecar("expired-url.pdf");
		assertThat(sidecar.at("/file/source").asText()).isEqualTo("proxy");
		assertThat(Files.readString(documents().resolve("expired-url.pdf"))).isEqualTo("through the proxy");
		assertThat(simulator.requests("GET", "/v2/object-storage/document/" + objectId + "/metadata")).isEqualTo(2);
		assertThat(simulator.requests("GET", "/s3/" + objectId)).isEqualTo(2);
	}

	@Test
	void aMetadataOutageIsRetriedUntilItRecovers() throws Exception {
		String objectId = UUID.randomUUID().toString();
		simulator.addDocument(objectId, "after-outage.pdf", "application/pdf", "recovered".getBytes());
		String metadata = "/v2/object-storage/document/" + objectId + "/metadata";
		simulator.failNext("GET", metadata, 503, 2);
		simulator.resetCounters();

		// answered 200 once the event is safe on the broker, before the documents are
		// fetched
		sendAndAwaitDownloads(sample("order-documents-event.json", objectId), "application/json");

		assertThat(Files.readString(documents().resolve("after-outage.pdf"))).isEqualTo("recovered");
		assertThat(simulator.requests("GET", metadata)).isEqualTo(3);
		connector.assertNoMoreOn(DEAD_LETTERS);
	}

	@Test
	void aHostileFileNameStaysInsideTheDocumentsFolder() throws Exception {
		String objectId = UUID.randomUUID().toString();
		simulator.addDocument(objectId, "../../../escaped\u202Efdp.exe", "application/octet-stream", "x".getBytes());

		sendAndAwaitDownloads(sample("order-documents-event.json", objectId), "application/json");

		JsonNode sidecar = sidecar("escaped_fdp.exe");
		assertThat(sidecar.at("/file/originalName").asText()).contains("..");
		assertThat(connector.outputDir().resolve("escaped\u202Efdp.exe")).doesNotExist();
		assertThat(connector.outputDir().getParent().resolve("escaped_fdp.exe")).doesNotExist();
	}

	@Test
	void aDocumentUrlThatIsNotHttpIsNeverReadAndItsEventIsDeadLettered() throws Exception {
		Path secret = Files.writeString(connector.dataDir().resolve("not-for-partners.txt"),
				"secret-" + UUID.randomUUID());
		String certificate = UUID.randomUUID().toString();
		simulator.addDocument(certificate, "beside-file-url.pdf", "application/pdf", "small".getBytes());
		Event event = sample("order-documents-event.json", certificate, "unused-" + UUID.randomUUID());
		String hostile = event.body()
			.replaceFirst("\"" + java.util.regex.Pattern.quote(simulator.baseUrl()) + "/content/unused-[^\"]+\"",
					"\"" + secret.toUri() + "\"");
		assertThat(hostile).contains(secret.toUri().toString());

		sendAndAwaitDownloads(new Event(hostile, event.messageId()), "application/json");

		sidecar("beside-file-url.pdf");
		String secretText = Files.readString(secret);
		try (var written = Files.walk(connector.outputDir())) {
			assertThat(written.filter(Files::isRegularFile)).as("files written").isNotEmpty().noneMatch((file) -> {
				try {
					return Files.readString(file, StandardCharsets.ISO_8859_1).contains(secretText);
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
		}
		BytesMessage letter = (BytesMessage) connector.receive(DEAD_LETTERS);
		assertThat(letter.getStringProperty("tradecloudFailureReason")).contains("not an http(s) URL");
		assertThat(letter.getStringProperty("tradecloudFailureType")).isEqualTo("functional");
	}

	@Test
	void aPartnerDocumentOverTheSizeLimitIsNotDownloadedAndItsEventIsDeadLettered() throws Exception {
		String huge = "huge-" + UUID.randomUUID() + ".bin";
		simulator.putGeneratedContent(huge, "application/octet-stream", TestConnector.MAX_DOCUMENT_SIZE + 1);
		String certificate = UUID.randomUUID().toString();
		simulator.addDocument(certificate, "beside-huge.pdf", "application/pdf", "small".getBytes());

		sendAndAwaitDownloads(sample("order-documents-event.json", certificate, huge), "application/json");

		sidecar("beside-huge.pdf");
		assertThat(documents().resolve(huge)).doesNotExist();
		assertThat(TestConnector.filesIn(documents()))
			.noneMatch((file) -> file.getFileName().toString().endsWith(".part"));
		BytesMessage letter = (BytesMessage) connector.receive(DEAD_LETTERS);
		assertThat(letter.getStringProperty("tradecloudFailureReason")).contains("tradecloud.documents.max-size");
		assertThat(letter.getStringProperty("tradecloudFailureType")).isEqualTo("functional");
	}

	@Test
	void twoDocumentsWithOneNameKeepTheirOwnFilesStably() throws Exception {
		String first = UUID.randomUUID().toString();
		String second = UUID.randomUUID().toString();
		simulator.addDocument(first, "same-name.pdf", "application/pdf", "first".getBytes());
		simulator.addDocument(second, "same-name.pdf", "application/pdf", "second".getBytes());

		sendAndAwaitDownloads(sample("order-documents-event.json", first), "application/json");
		sendAndAwaitDownloads(sample("order-documents-event.json", second), "application/json");

		assertThat(Files.readString(documents().resolve("same-name.pdf"))).isEqualTo("first");
		assertThat(sidecar("same-name.pdf").path("key").asText()).isEqualTo("objectId:" + first);
		String suffixed = io.tcconnector.documents.DocumentFileNames.distinct("same-name.pdf", "objectId:" + second);
		assertThat(suffixed).matches("same-name~[0-9a-f]{10}\\.pdf");
		assertThat(Files.readString(documents().resolve(suffixed))).isEqualTo("second");
		assertThat(sidecar(suffixed).path("key").asText()).isEqualTo("objectId:" + second);
	}

	@Test
	void theSameDocumentArrivingAgainIsNotDownloadedTwice() throws Exception {
		String objectId = UUID.randomUUID().toString();
		simulator.addDocument(objectId, "only-once.pdf", "application/pdf", "once".getBytes());
		simulator.putContent("only-once-drawing.pdf", "application/pdf", "drawing once".getBytes());
		simulator.resetCounters();
		Event event = sample("order-documents-event.json", objectId, "only-once-drawing.pdf");

		sendAndAwaitDownloads(event, "application/json");
		sidecar("only-once.pdf");
		sidecar("only-once-drawing.pdf");
		assertThat(connector.receive(DOCUMENTS_QUEUE)).isNotNull();
		assertThat(connector.receive(DOCUMENTS_QUEUE)).isNotNull();

		// another event referring to the same documents
		sendAndAwaitDownloads(sample("order-documents-event.json", objectId, "only-once-drawing.pdf"),
				"application/json");

		connector.assertNoMoreOn(DOCUMENTS_QUEUE);
		assertThat(simulator.requests("GET", "/v2/object-storage/document/" + objectId + "/metadata")).isEqualTo(1);
		assertThat(simulator.requests("GET", "/content/only-once-drawing.pdf")).isEqualTo(1);
		assertThat(TestConnector.filesIn(documents()))
			.filteredOn((p) -> p.getFileName().toString().startsWith("only-once"))
			.hasSize(4);
	}

	@Test
	void aDocumentTradecloudDoesNotKnowGoesToTheDeadLettersAndTheOthersAreFetched() throws Exception {
		String unknown = UUID.randomUUID().toString();
		simulator.putContent("beside-unknown.pdf", "application/pdf", "fetched anyway".getBytes());

		sendAndAwaitDownloads(sample("order-documents-event.json", unknown, "beside-unknown.pdf"), "application/json");

		sidecar("beside-unknown.pdf");
		BytesMessage letter = (BytesMessage) connector.receive(DEAD_LETTERS);
		assertThat(letter).isNotNull();
		assertThat(letter.getStringProperty("tradecloudFailureReason")).contains("404").contains(unknown);
		assertThat(letter.getStringProperty("tradecloudFailureType")).isEqualTo("functional");
		assertThat(letter.getStringProperty("tradecloudOriginQueue")).isEqualTo("tradecloud.pending.documents");
		// the event as it waited for its documents: replayed, it fetches what is missing
		assertThat(new String(letter.getBody(byte[].class), StandardCharsets.UTF_8)).contains(unknown)
			.contains("beside-unknown.pdf");
		connector.assertNoMoreOn(DEAD_LETTERS);
	}

	@Test
	void aLargeDocumentStreamsToDiskByteForByte() throws Exception {
		String objectId = UUID.randomUUID().toString();
		long size = 48L * 1024 * 1024 + 17;
		simulator.addGeneratedDocument(objectId, "large.bin", "application/octet-stream", size);

		sendAndAwaitDownloads(sample("order-documents-event.json", objectId), "application/json");

		JsonNode sidecar = sidecar("large.bin");
		String expected = sha256(TradecloudSimulator.generatedContent(objectId, size));
		assertThat(sidecar.at("/file/size").asLong()).isEqualTo(size);
		assertThat(sha256(documents().resolve("large.bin"))).isEqualTo(expected);
		assertThat(sidecar.at("/file/sha256").asText()).isEqualTo(expected);
	}

}
