package io.tcconnector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.tcconnector.support.TestConnector.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests the legacy API v1 of {@link TradecloudSimulator} over real HTTP: purchase orders
 * behind HTTP Basic only, with faults and counters as on API v2.
 */
class LegacyApiTest {

	private static final String EMAIL = SimulatorSettings.DEFAULT_USER_EMAIL;

	private static final String PASSWORD = SimulatorSettings.DEFAULT_USER_PASSWORD;

	private static final String ORDER_JSON = "{\"purchaseOrderId\":\"po-1\",\"lines\":[{\"position\":1}]}";

	private static final String CHALLENGE = "Basic realm=\"tradecloud-v1\"";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** A simulator of each test's own, closed after it. */
	@AutoClose
	private final TradecloudSimulator tradecloud = TradecloudSimulator.start(SimulatorSettings.forTests());

	@BeforeEach
	void startSimulator() {
		this.tradecloud.putLegacyOrder("po-1", ORDER_JSON);
	}

	@Test
	void legacyApiUrlIsOnTheSameServerButNotUnderApiV2() {
		assertThat(this.tradecloud.legacyApiUrl()).isEqualTo(this.tradecloud.baseUrl() + "/api/v1");
		assertThat(this.tradecloud.legacyApiUrl()).doesNotStartWith(this.tradecloud.apiUrl());
	}

	@Test
	void storedOrderIsReturnedWithBasicCredentials() throws Exception {
		HttpResponse<String> order = get("/purchaseOrder/po-1", basic(EMAIL, PASSWORD));

		assertThat(order.statusCode()).isEqualTo(200);
		assertThat(order.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(order.body()).isEqualTo(ORDER_JSON);
	}

	@Test
	void legacyOrdersAreSeparateFromApiV2Orders() throws Exception {
		this.tradecloud.putOrder("v2-only", "{\"id\":\"v2-only\"}");

		assertThat(get("/purchaseOrder/v2-only", basic(EMAIL, PASSWORD)).statusCode()).isEqualTo(404);
		String token = send(HttpRequest.newBuilder(URI.create(this.tradecloud.apiUrl() + "/authentication/login"))
			.header("Authorization", basic(EMAIL, PASSWORD))).headers().firstValue("Set-Authorization").orElseThrow();
		assertThat(send(HttpRequest.newBuilder(URI.create(this.tradecloud.apiUrl() + "/order/po-1"))
			.header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(404);
	}

	@Test
	void unknownOrderIsNotFound() throws Exception {
		HttpResponse<String> order = get("/purchaseOrder/unknown", basic(EMAIL, PASSWORD));

		assertThat(order.statusCode()).isEqualTo(404);
		assertThat(order.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(JSON.readTree(order.body()).path("error").asText()).isEqualTo("not found");
		assertThat(get("/somethingElse/po-1", basic(EMAIL, PASSWORD)).statusCode()).isEqualTo(404);
	}

	@Test
	void missingOrWrongCredentialsAreRefusedWithABasicChallenge() throws Exception {
		for (String authorization : new String[] { null, basic(EMAIL, "wrong"), basic("someone@example.com", PASSWORD),
				"Basic not-base64!" }) {
			HttpResponse<String> order = get("/purchaseOrder/po-1", authorization);

			assertThat(order.statusCode()).as(authorization).isEqualTo(401);
			assertThat(order.headers().firstValue("WWW-Authenticate")).as(authorization).hasValue(CHALLENGE);
			assertThat(order.body()).as(authorization).doesNotContain("purchaseOrderId");
		}
		assertThat(get("/purchaseOrder/unknown", null).statusCode()).isEqualTo(401);
	}

	@Test
	void bearerTokenFromTheApiV2LoginIsRefused() throws Exception {
		HttpResponse<String> login = send(
				HttpRequest.newBuilder(URI.create(this.tradecloud.apiUrl() + "/authentication/login"))
					.header("Authorization", basic(EMAIL, PASSWORD)));
		assertThat(login.statusCode()).isEqualTo(200);
		String token = login.headers().firstValue("Set-Authorization").orElseThrow();
		assertThat(send(HttpRequest.newBuilder(URI.create(this.tradecloud.apiUrl() + "/order/unknown"))
			.header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(404);

		HttpResponse<String> order = get("/purchaseOrder/po-1", "Bearer " + token);

		assertThat(order.statusCode()).isEqualTo(401);
		assertThat(order.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
	}

	@Test
	void onlyGetIsAllowed() throws Exception {
		HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/purchaseOrder/po-1"))
			.header("Authorization", basic(EMAIL, PASSWORD))
			.POST(HttpRequest.BodyPublishers.ofString("{}")));

		assertThat(post.statusCode()).isEqualTo(405);
		assertThat(post.headers().firstValue("Allow")).hasValue("GET");
	}

	@Test
	void failNextAppliesBeforeAuthenticationAndRequestsAreCounted() throws Exception {
		this.tradecloud.failNext("GET", "/api/v1/purchaseOrder", 503, 1);

		HttpResponse<String> failed = get("/purchaseOrder/po-1", null);
		assertThat(failed.statusCode()).isEqualTo(503);
		JsonNode body = JSON.readTree(failed.body());
		assertThat(body.path("error").asText()).isEqualTo("injected fault");
		assertThat(body.path("status").asInt()).isEqualTo(503);
		assertThat(get("/purchaseOrder/po-1", basic(EMAIL, PASSWORD)).body()).isEqualTo(ORDER_JSON);
		assertThat(this.tradecloud.requests("GET", "/api/v1/purchaseOrder/po-1")).isEqualTo(2);
		assertThat(this.tradecloud.requests("*", "/api/v1")).isEqualTo(2);
		assertThat(this.tradecloud.requests("*", "/v2")).isZero();
	}

	@Test
	void dropNextClosesTheConnection() throws Exception {
		this.tradecloud.dropNext("*", "/api/v1", 1);

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> get("/purchaseOrder/po-1", basic(EMAIL, PASSWORD)));
		assertThat(get("/purchaseOrder/po-1", basic(EMAIL, PASSWORD)).statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.requests("GET", "/api/v1")).isEqualTo(2);
	}

	@Test
	void controlApiSchedulesFaultsOnTheLegacyApi() throws Exception {
		HttpResponse<String> scheduled = send(
				HttpRequest.newBuilder(URI.create(this.tradecloud.baseUrl() + "/simulator/faults"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"method\":\"GET\",\"pathPrefix\":\"/api/v1\",\"status\":502,\"times\":1}")));
		assertThat(scheduled.statusCode()).isEqualTo(200);

		assertThat(get("/purchaseOrder/po-1", basic(EMAIL, PASSWORD)).statusCode()).isEqualTo(502);
		assertThat(get("/purchaseOrder/po-1", basic(EMAIL, PASSWORD)).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create(this.tradecloud.legacyApiUrl() + path);
	}

}
