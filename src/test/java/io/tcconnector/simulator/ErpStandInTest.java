package io.tcconnector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static io.tcconnector.support.TestConnector.basic;
import static io.tcconnector.support.TestConnector.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tests the simulator's stand-in ERP over real HTTP with the JDK client, as the connector
 * delivers order events to it.
 */
class ErpStandInTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String CLIENT_ID = "tradecloud-connector";

	private static final String CLIENT_SECRET = "s3cret&=+ value";

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** A simulator of each test's own, closed after it. */
	@AutoClose
	private final TradecloudSimulator tradecloud = TradecloudSimulator.start(SimulatorSettings.forTests());

	@Test
	void deliveryIsRecordedWithItsHeadersAndExactBodyAndAnswered200() throws Exception {
		byte[] body = "<orderEvent><description>Bügel, 10 Stück</description></orderEvent>"
			.getBytes(StandardCharsets.ISO_8859_1);
		Instant before = Instant.now();

		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(URI.create(this.tradecloud.erpUrl()))
			.header("Content-Type", "application/xml; charset=ISO-8859-1")
			.header("Tradecloud-Event-Name", "OrderIssuedByBuyer")
			.header("Tradecloud-Message-Id", "msg-1")
			.header("Tradecloud-Order-Id", "order-1")
			.header("Tradecloud-Purchase-Order-Number", "PO-1")
			.header("Idempotency-Key", "msg-1")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(this.tradecloud.erpUrl()).isEqualTo(this.tradecloud.baseUrl() + "/erp/order-events");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("received");
		assertThat(this.tradecloud.erpDeliveries()).singleElement().satisfies((delivery) -> {
			assertThat(delivery.path()).isEqualTo("/erp/order-events");
			assertThat(delivery.status()).isEqualTo(200);
			assertThat(delivery.body()).isEqualTo(body);
			assertThat(delivery.bodyText())
				.isEqualTo("<orderEvent><description>Bügel, 10 Stück</description></orderEvent>");
			assertThat(delivery.eventName()).isEqualTo("OrderIssuedByBuyer");
			assertThat(delivery.messageId()).isEqualTo("msg-1");
			assertThat(delivery.orderId()).isEqualTo("order-1");
			assertThat(delivery.purchaseOrderNumber()).isEqualTo("PO-1");
			assertThat(delivery.idempotencyKey()).isEqualTo("msg-1");
			assertThat(delivery.authorization()).isNull();
			assertThat(delivery.headers()).containsEntry("content-type", "application/xml; charset=ISO-8859-1")
				.containsEntry("tradecloud-message-id", "msg-1");
			assertThat(delivery.header("TRADECLOUD-ORDER-ID")).isEqualTo("order-1");
			assertThat(delivery.receivedAt()).isBetween(before, Instant.now());
		});
		assertThat(this.tradecloud.erpAccepted()).hasSize(1);

		this.tradecloud.clearErpDeliveries();

		assertThat(this.tradecloud.erpDeliveries()).isEmpty();
	}

	@Test
	void anyPostUnderErpIsADeliveryAndOtherMethodsAreNotAllowed() throws Exception {
		assertThat(deliver("/erp/custom/path", "PO-1", null).statusCode()).isEqualTo(200);
		HttpResponse<String> get = this.client.send(
				HttpRequest.newBuilder(URI.create(this.tradecloud.erpUrl())).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(get.headers().firstValue("Allow")).hasValue("POST");
		assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::path).containsExactly("/erp/custom/path");
	}

	@Test
	void unavailableErpAnswers503UntilItIsAvailableAgain() throws Exception {
		this.tradecloud.setErpAvailable(false);

		HttpResponse<String> refused = deliver("PO-1");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("erp unavailable");
		assertThat(deliver("PO-1").statusCode()).isEqualTo(503);

		this.tradecloud.setErpAvailable(true);

		assertThat(deliver("PO-1").statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::status).containsExactly(503, 503, 200);
		assertThat(this.tradecloud.erpAccepted()).extracting(ErpDelivery::status).containsExactly(200);
	}

	@Test
	void delayMakesAClientWithAShortTimeoutTimeOutAndIsReleasedWhenSetBack() throws Exception {
		this.tradecloud.setErpDelay(Duration.ofSeconds(1));
		HttpRequest slow = deliveryRequest(this.tradecloud.erpUrl(), "PO-1", null).timeout(Duration.ofMillis(200))
			.build();

		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> this.client.send(slow, HttpResponse.BodyHandlers.ofString()));
		assertThat(this.tradecloud.erpDeliveries()).isEmpty();

		this.tradecloud.setErpDelay(Duration.ZERO);

		// The delivery that was waiting is answered once the delay is set back.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::status)
				.containsExactly(200));
		assertThat(this.client.send(slow, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
	}

	@Test
	void rejectionRuleAnswersItsStatusForThatPurchaseOrderOnly() throws Exception {
		this.tradecloud.rejectErpPurchaseOrder("PO-BAD", 422);

		HttpResponse<String> rejected = deliver("PO-BAD");
		assertThat(rejected.statusCode()).isEqualTo(422);
		assertThat(JSON.readTree(rejected.body()).path("error").asText()).isEqualTo("rejected by the ERP");
		assertThat(deliver("PO-GOOD").statusCode()).isEqualTo(200);
		assertThat(deliver(null).statusCode()).isEqualTo(200);

		this.tradecloud.clearErpRejections();

		assertThat(deliver("PO-BAD").statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::purchaseOrderNumber, ErpDelivery::status)
			.containsExactly(tuple("PO-BAD", 422), tuple("PO-GOOD", 200), tuple(null, 200), tuple("PO-BAD", 200));
		assertThatIllegalArgumentException().isThrownBy(() -> this.tradecloud.rejectErpPurchaseOrder("PO-1", 200));
	}

	@Test
	void expectedBasicCredentialsAreRequired() throws Exception {
		this.tradecloud.expectErpBasic("erp-user", "erp-password");

		HttpResponse<String> without = deliver("PO-1");
		assertThat(without.statusCode()).isEqualTo(401);
		assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"erp-stand-in\"");
		assertThat(deliver("PO-1", basic("erp-user", "wrong")).statusCode()).isEqualTo(401);
		assertThat(deliver("PO-1", bearer("erp-password")).statusCode()).isEqualTo(401);
		assertThat(deliver("PO-1", basic("erp-user", "erp-password")).statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::status).containsExactly(401, 401, 401, 200);
		assertThat(this.tradecloud.erpAccepted()).singleElement()
			.extracting(ErpDelivery::authorization)
			.isEqualTo(basic("erp-user", "erp-password"));

		this.tradecloud.expectNoErpAuthentication();

		assertThat(deliver("PO-1").statusCode()).isEqualTo(200);
	}

	@Test
	void expectedStaticBearerTokenIsRequired() throws Exception {
		this.tradecloud.expectErpBearer("static-token");

		HttpResponse<String> without = deliver("PO-1");
		assertThat(without.statusCode()).isEqualTo(401);
		assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"erp-stand-in\"");
		HttpResponse<String> wrong = deliver("PO-1", bearer("other-token"));
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer realm=\"erp-stand-in\", error=\"invalid_token\"");
		assertThat(deliver("PO-1", bearer("static-token")).statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::status).containsExactly(401, 401, 200);
	}

	@Test
	void tokenFromClientSecretPostIsAccepted() throws Exception {
		this.tradecloud.expectErpOAuth2(CLIENT_ID, CLIENT_SECRET, Duration.ofMinutes(5));

		HttpResponse<String> response = requestToken(form("grant_type", "client_credentials", "client_id", CLIENT_ID,
				"client_secret", CLIENT_SECRET, "scope", "api://erp/.default"), null);

		assertThat(this.tradecloud.erpTokenUrl()).isEqualTo(this.tradecloud.baseUrl() + "/erp/oauth2/token");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		JsonNode token = JSON.readTree(response.body());
		assertThat(token.path("access_token").asText()).isNotBlank();
		assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
		assertThat(token.path("expires_in").asLong()).isEqualTo(300);
		assertThat(token.path("scope").asText()).isEqualTo("api://erp/.default");
		assertThat(this.tradecloud.erpTokensIssued()).isEqualTo(1);
		assertThat(deliver("PO-1").statusCode()).isEqualTo(401);
		assertThat(deliver("PO-1", bearer(token.path("access_token").asText())).statusCode()).isEqualTo(200);
	}

	@Test
	void tokenFromClientSecretBasicIsAccepted() throws Exception {
		this.tradecloud.expectErpOAuth2(CLIENT_ID, CLIENT_SECRET, Duration.ofMinutes(5));
		// RFC 6749 2.3.1: client id and secret are form-encoded before Basic encoding.
		String clientBasic = basic(URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8),
				URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8));

		HttpResponse<String> response = requestToken(form("grant_type", "client_credentials"), clientBasic);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode token = JSON.readTree(response.body());
		assertThat(token.has("scope")).isFalse();
		assertThat(deliver("PO-1", bearer(token.path("access_token").asText())).statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.erpTokensIssued()).isEqualTo(1);
	}

	@Test
	void tokenEndpointRefusesWrongClientsGrantsAndRequests() throws Exception {
		this.tradecloud.expectErpOAuth2(CLIENT_ID, CLIENT_SECRET, Duration.ofMinutes(5));

		HttpResponse<String> wrongSecret = requestToken(
				form("grant_type", "client_credentials", "client_id", CLIENT_ID, "client_secret", "wrong"), null);
		assertThat(wrongSecret.statusCode()).isEqualTo(401);
		assertThat(JSON.readTree(wrongSecret.body()).path("error").asText()).isEqualTo("invalid_client");
		HttpResponse<String> wrongBasic = requestToken(form("grant_type", "client_credentials"),
				basic(CLIENT_ID, "wrong"));
		assertThat(wrongBasic.statusCode()).isEqualTo(401);
		assertThat(wrongBasic.headers().firstValue("WWW-Authenticate")).isPresent();
		assertThat(requestToken(
				form("grant_type", "client_credentials", "client_id", "someone-else", "client_secret", CLIENT_SECRET),
				null)
			.statusCode()).isEqualTo(401);
		assertThat(requestToken(form("grant_type", "client_credentials"), null).statusCode()).isEqualTo(401);

		HttpResponse<String> password = requestToken(
				form("grant_type", "password", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), null);
		assertThat(password.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(password.body()).path("error").asText()).isEqualTo("unsupported_grant_type");
		HttpResponse<String> noGrant = requestToken(form("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), null);
		assertThat(JSON.readTree(noGrant.body()).path("error").asText()).isEqualTo("invalid_request");
		HttpResponse<String> json = this.client.send(HttpRequest.newBuilder(URI.create(this.tradecloud.erpTokenUrl()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(json.statusCode()).isEqualTo(400);
		HttpResponse<String> get = this.client.send(
				HttpRequest.newBuilder(URI.create(this.tradecloud.erpTokenUrl())).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(get.statusCode()).isEqualTo(405);

		assertThat(this.tradecloud.erpTokensIssued()).isZero();
		assertThat(this.tradecloud.erpDeliveries()).isEmpty();
	}

	@Test
	void tokenEndpointRefusesEveryClientWhenOAuth2IsNotExpected() throws Exception {
		HttpResponse<String> response = requestToken(
				form("grant_type", "client_credentials", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_client");
	}

	@Test
	void expiredUnknownAndExpiredOnDemandTokensAreRefused() throws Exception {
		this.tradecloud.expectErpOAuth2(CLIENT_ID, CLIENT_SECRET, Duration.ZERO);
		String expiredAtOnce = accessToken();
		this.tradecloud.expectErpOAuth2(CLIENT_ID, CLIENT_SECRET, Duration.ofMinutes(5));
		String valid = accessToken();

		assertThat(deliver("PO-1", bearer(expiredAtOnce)).statusCode()).isEqualTo(401);
		HttpResponse<String> unknown = deliver("PO-1", bearer("never-issued"));
		assertThat(unknown.statusCode()).isEqualTo(401);
		assertThat(unknown.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer realm=\"erp-stand-in\", error=\"invalid_token\"");
		assertThat(deliver("PO-1", bearer(valid)).statusCode()).isEqualTo(200);

		this.tradecloud.expireErpTokens();

		assertThat(deliver("PO-1", bearer(valid)).statusCode()).isEqualTo(401);
		assertThat(deliver("PO-1", bearer(accessToken())).statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.erpTokensIssued()).isEqualTo(3);
		assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::status)
			.containsExactly(401, 401, 200, 401, 200);
	}

	@Test
	void injectedFaultsApplyToErpDeliveriesAndAreRecorded() throws Exception {
		this.tradecloud.failNext("POST", "/erp", 503, 2);

		HttpResponse<String> first = deliver("PO-1");
		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(first.body()).path("error").asText()).isEqualTo("injected fault");
		assertThat(deliver("PO-2").statusCode()).isEqualTo(503);
		assertThat(deliver("PO-3").statusCode()).isEqualTo(200);

		this.tradecloud.dropNext("POST", "/erp", 1);

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> deliver("PO-4"));
		assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::status).containsExactly(503, 503, 200, 0);
		assertThat(this.tradecloud.erpDeliveries()).extracting(ErpDelivery::bodyText)
			.containsExactly(body("PO-1"), body("PO-2"), body("PO-3"), body("PO-4"));
		assertThat(this.tradecloud.erpAccepted()).extracting(ErpDelivery::purchaseOrderNumber).containsExactly("PO-3");
		assertThat(this.tradecloud.requests("POST", "/erp")).isEqualTo(4);
	}

	@Test
	void concurrentDeliveriesAreAllRecorded() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		IntStream.range(0, 20)
			.forEach((i) -> responses
				.add(this.client.sendAsync(deliveryRequest(this.tradecloud.erpUrl(), "PO-" + i, null).build(),
						HttpResponse.BodyHandlers.ofString())));

		for (CompletableFuture<HttpResponse<String>> response : responses) {
			assertThat(response.get().statusCode()).isEqualTo(200);
		}
		assertThat(this.tradecloud.erpAccepted()).extracting(ErpDelivery::purchaseOrderNumber)
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj((i) -> "PO-" + i).toList());
	}

	@Test
	void controlApiListsClearsAndSwitchesTheErp() throws Exception {
		this.tradecloud.rejectErpPurchaseOrder("PO-2", 422);
		deliver("PO-1");
		deliver("PO-2");

		HttpResponse<String> listed = control("GET", "/simulator/erp", null);
		assertThat(listed.statusCode()).isEqualTo(200);
		JsonNode erp = JSON.readTree(listed.body());
		assertThat(erp.path("accepted").asInt()).isEqualTo(1);
		assertThat(erp.path("deliveries")).hasSize(2);
		JsonNode first = erp.path("deliveries").get(0);
		assertThat(first.path("path").asText()).isEqualTo("/erp/order-events");
		assertThat(first.path("status").asInt()).isEqualTo(200);
		assertThat(first.path("messageId").asText()).isEqualTo("msg-PO-1");
		assertThat(first.path("idempotencyKey").asText()).isEqualTo("msg-PO-1");
		assertThat(first.path("eventName").asText()).isEqualTo("OrderIssuedByBuyer");
		assertThat(first.path("purchaseOrderNumber").asText()).isEqualTo("PO-1");
		assertThat(first.path("bodySize").asInt()).isEqualTo(body("PO-1").length());
		assertThat(Instant.parse(first.path("receivedAt").asText()))
			.isEqualTo(this.tradecloud.erpDeliveries().get(0).receivedAt());
		assertThat(erp.path("deliveries").get(1).path("status").asInt()).isEqualTo(422);

		assertThat(control("POST", "/simulator/erp/available", "{\"available\":false}").statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.isErpAvailable()).isFalse();
		assertThat(deliver("PO-1").statusCode()).isEqualTo(503);
		assertThat(control("POST", "/simulator/erp/available", "{\"available\":true}").statusCode()).isEqualTo(200);
		assertThat(deliver("PO-1").statusCode()).isEqualTo(200);
		assertThat(control("POST", "/simulator/erp/available", "{\"available\":\"no\"}").statusCode()).isEqualTo(400);

		assertThat(control("DELETE", "/simulator/erp", null).statusCode()).isEqualTo(200);
		JsonNode cleared = JSON.readTree(control("GET", "/simulator/erp", null).body());
		assertThat(cleared.path("deliveries")).isEmpty();
		assertThat(cleared.path("accepted").asInt()).isZero();
	}

	@Test
	void countersIncludeErpTokensUntilReset() throws Exception {
		this.tradecloud.expectErpOAuth2(CLIENT_ID, CLIENT_SECRET, Duration.ofMinutes(5));
		accessToken();

		assertThat(JSON.readTree(control("GET", "/simulator/counters", null).body()).path("erpTokens").asInt())
			.isEqualTo(1);

		this.tradecloud.resetCounters();

		assertThat(this.tradecloud.erpTokensIssued()).isZero();
	}

	private String accessToken() throws Exception {
		HttpResponse<String> response = requestToken(
				form("grant_type", "client_credentials", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), null);
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body()).path("access_token").asText();
	}

	private HttpResponse<String> requestToken(String form, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.tradecloud.erpTokenUrl()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String form(String... namesAndValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (form.length() > 0) {
				form.append('&');
			}
			form.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
		}
		return form.toString();
	}

	private HttpResponse<String> deliver(String purchaseOrderNumber) throws Exception {
		return deliver(purchaseOrderNumber, null);
	}

	private HttpResponse<String> deliver(String purchaseOrderNumber, String authorization) throws Exception {
		return deliver("/erp/order-events", purchaseOrderNumber, authorization);
	}

	private HttpResponse<String> deliver(String path, String purchaseOrderNumber, String authorization)
			throws Exception {
		return this.client.send(
				deliveryRequest(this.tradecloud.baseUrl() + path, purchaseOrderNumber, authorization).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder deliveryRequest(String url, String purchaseOrderNumber, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json; charset=UTF-8")
			.header("Tradecloud-Event-Name", "OrderIssuedByBuyer")
			.header("Tradecloud-Message-Id", "msg-" + purchaseOrderNumber)
			.header("Tradecloud-Order-Id", "order-" + purchaseOrderNumber)
			.header("Idempotency-Key", "msg-" + purchaseOrderNumber)
			.POST(HttpRequest.BodyPublishers.ofString(body(purchaseOrderNumber)));
		if (purchaseOrderNumber != null) {
			request.header("Tradecloud-Purchase-Order-Number", purchaseOrderNumber);
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return request;
	}

	private static String body(String purchaseOrderNumber) {
		return "{\"eventName\":\"OrderIssuedByBuyer\",\"purchaseOrderNumber\":\"" + purchaseOrderNumber + "\"}";
	}

	private HttpResponse<String> control(String method, String path, String json) throws Exception {
		HttpRequest.BodyPublisher body = (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody();
		return this.client.send(HttpRequest.newBuilder(URI.create(this.tradecloud.baseUrl() + path))
			.header("Content-Type", "application/json")
			.method(method, body)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
