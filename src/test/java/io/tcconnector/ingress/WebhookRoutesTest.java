package io.tcconnector.ingress;

import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import jakarta.jms.JMSException;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes by id, acknowledge mode sync, with their queue targets replaced by mocks:
 * {@code webhook-accept} and {@code events-dispatch} send each kind where it belongs,
 * {@code orders-deliver} names and writes the file, {@code shipment-lines-batch} sends
 * the changed lines, and a failing target is answered so that Tradecloud retries exactly
 * when it should.
 */
@CamelSpringBootTest
@ConnectorTest("tradecloud.webhook.acknowledge=sync")
@UseAdviceWith
@DirtiesContext
class WebhookRoutesTest {

	@Autowired
	TestConnector connector;

	final ObjectMapper json = new ObjectMapper();

	/** The message id of the event a test sends; each test sends a new event. */
	String messageId;

	@LocalServerPort
	int port;

	@Autowired
	CamelContext camel;

	@Autowired
	ProducerTemplate producer;

	@EndpointInject("mock:orders-queue")
	MockEndpoint ordersQueue;

	@EndpointInject("mock:shipment-lines-queue")
	MockEndpoint shipmentLines;

	@EndpointInject("mock:documents-pending-queue")
	MockEndpoint documentsPending;

	@BeforeEach
	void replaceQueuesWithMocks() throws Exception {
		this.messageId = java.util.UUID.randomUUID().toString();
		if (this.camel.isStarted()) {
			return;
		}
		AdviceWith.adviceWith(this.camel, "orders-deliver",
				(route) -> route.weaveById("orders-queue").replace().to("mock:orders-queue"));
		AdviceWith.adviceWith(this.camel, "shipment-lines-batch",
				(route) -> route.weaveById("shipment-lines-queue").replace().to("mock:shipment-lines-queue"));
		AdviceWith.adviceWith(this.camel, "documents-hold",
				(route) -> route.weaveById("documents-pending-queue").replace().to("mock:documents-pending-queue"));
		this.camel.start();
	}

	@AfterEach
	void resetMocksAndFolder() {
		MockEndpoint.resetMocks(this.camel);
		connector.reset();
	}

	HttpResponse<String> post(String sample) {
		Path file = Path.of("src/test/resources/samples", sample);
		return connector.post(this.port, TestConnector.withMessageId(TestConnector.read(file), this.messageId),
				TestConnector.contentTypeOf(file));
	}

	@Test
	void webhookAcceptSendsOrderEventsToTheOrdersRouteOnly() throws Exception {
		this.ordersQueue.expectedMessageCount(1);
		this.ordersQueue.expectedHeaderReceived("tradecloudKind", "orderEvent");
		this.ordersQueue.expectedHeaderReceived("tradecloudFormat", "xml");
		this.ordersQueue.expectedHeaderReceived("tradecloudPurchaseOrderNumber", "PO-1001");
		this.ordersQueue.expectedHeaderReceived("tradecloudOrderId", "a50a3876-e620-5956-a64c-571fd8658434");
		this.ordersQueue.expectedHeaderReceived("tradecloudMessageId", this.messageId);
		this.ordersQueue.expectedBodiesReceived(new String(TestConnector
			.withMessageId(TestConnector.read(Path.of("src/test/resources/samples/order-event.xml")), this.messageId)));
		this.shipmentLines.expectedMessageCount(0);
		this.documentsPending.expectedMessageCount(0);

		assertThat(post("order-event.xml").statusCode()).isEqualTo(200);

		MockEndpoint.assertIsSatisfied(this.camel);
		assertThat(this.ordersQueue.getReceivedExchanges().get(0).getMessage().getHeaders())
			.doesNotContainKeys("Authorization", "authorization", "Content-Type", "CamelHttpMethod");
	}

	@Test
	void webhookAcceptSendsOrderDocumentsEventsToOrdersAndToThePendingDocuments() throws Exception {
		this.ordersQueue.expectedMessageCount(1);
		this.documentsPending.expectedMessageCount(1);
		this.documentsPending.expectedHeaderReceived("tradecloudKind", "orderDocumentsEvent");
		this.shipmentLines.expectedMessageCount(0);

		assertThat(post("order-documents-event.json").statusCode()).isEqualTo(200);

		MockEndpoint.assertIsSatisfied(this.camel);
	}

	@Test
	void shipmentsSplitSendsTheChangedLinesAndTheShipmentToTheDocumentDownloadAndWritesNoOrderFile() throws Exception {
		this.shipmentLines.expectedMessageCount(2);
		this.shipmentLines.allMessages()
			.header("tradecloudShipmentId")
			.isEqualTo("1f61e695-7545-5670-9384-58e8b1f263e6-SN-2001");
		this.shipmentLines.allMessages().header("tradecloudMessageId").isEqualTo(this.messageId);
		this.shipmentLines.expectedHeaderValuesReceivedInAnyOrder("tradecloudPurchaseOrderNumber", "PO-1004",
				"PO-1001");
		this.ordersQueue.expectedMessageCount(0);
		this.documentsPending.expectedMessageCount(1);
		this.documentsPending.expectedHeaderReceived("tradecloudKind", "shipment");

		assertThat(post("shipment-event.xml").statusCode()).isEqualTo(200);

		MockEndpoint.assertIsSatisfied(this.camel);
		assertThat(connector.orderFiles()).isEmpty();
	}

	@Test
	void ordersDeliverWritesTheBodyUnderAnArrivalNameAndThenQueuesIt() throws Exception {
		this.ordersQueue.expectedMessageCount(1);
		this.ordersQueue.expectedBodiesReceived("{\"orderEvent\":{}}");
		this.ordersQueue.expectedHeaderReceived("tradecloudPurchaseOrderNumber", "PO/../1001");

		this.producer.sendBodyAndHeaders("direct:orders-deliver", "{\"orderEvent\":{}}".getBytes(),
				Map.of("tradecloudReceivedAt", "2026-11-20T09:15:02.114023Z", "tradecloudPurchaseOrderNumber",
						"PO/../1001", "tradecloudEventName", "OrderLinesConfirmedBySupplier", "tradecloudFormat",
						"json", "tradecloudIdempotencyKey", "0b6f3a52-3f1e-4c8e-9a61-0c1d2e3f4a01"));

		MockEndpoint.assertIsSatisfied(this.camel);
		assertThat(connector.orderFiles()).singleElement()
			.satisfies((file) -> assertThat(file.getFileName().toString())
				.isEqualTo("20261120-091502-114023_PO_.._1001_OrderLinesConfirmedBySupplier_0b6f3a52.json"))
			.satisfies((file) -> assertThat(Files.readString(file)).isEqualTo("{\"orderEvent\":{}}"));
	}

	@Test
	void aTargetTemporarilyUnavailableIsAnswered503SoTradecloudRetries() throws Exception {
		this.ordersQueue.whenAnyExchangeReceived((exchange) -> {
			throw new JMSException("AMQ219010: Connection is destroyed");
		});

		HttpResponse<String> answer = post("order-event.json");

		assertThat(answer.statusCode()).isEqualTo(503);
		JsonNode error = this.json.readTree(answer.body());
		assertThat(error.path("error").asText()).isEqualTo("target_unavailable");
		assertThat(answer.body()).doesNotContain("AMQ219010").doesNotContain("Exception");
	}

	@Test
	void aTargetTimingOutIsAnswered504() throws Exception {
		this.ordersQueue.whenAnyExchangeReceived((exchange) -> {
			throw new SocketTimeoutException("Read timed out");
		});

		HttpResponse<String> answer = post("order-event.json");

		assertThat(answer.statusCode()).isEqualTo(504);
		assertThat(this.json.readTree(answer.body()).path("error").asText()).isEqualTo("target_timeout");
	}

	@Test
	void aFunctionalFailureIsAnswered500WhichTradecloudDoesNotRetry() throws Exception {
		this.ordersQueue.whenAnyExchangeReceived((Exchange exchange) -> {
			throw new IllegalArgumentException("ERP refuses purchase order PO-1001");
		});

		HttpResponse<String> answer = post("order-event.json");

		assertThat(answer.statusCode()).isEqualTo(500);
		JsonNode error = this.json.readTree(answer.body());
		assertThat(error.path("error").asText()).isEqualTo("processing_failed");
		assertThat(answer.body()).doesNotContain("IllegalArgumentException").doesNotContain("\tat ");
	}

}
