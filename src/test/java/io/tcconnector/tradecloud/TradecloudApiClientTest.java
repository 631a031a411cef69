package io.tcconnector.tradecloud;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.tcconnector.config.BoundProperties;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Tradecloud API client against the local simulator: one login shared by all callers,
 * a refresh before the token expires and on a 401, a new login when the refresh is
 * refused, and every failure classified as temporary or not.
 */
class TradecloudApiClientTest {

	static final String ORDER = "{\"id\":\"o-1\",\"buyerOrder\":{\"purchaseOrderNumber\":\"PO-1\"}}";

	TradecloudSimulator simulator;

	@BeforeEach
	void startSimulator() {
		this.simulator = TradecloudSimulator
			.start(SimulatorSettings.forTests().withAccessTokenLifetime(Duration.ofSeconds(4)));
		this.simulator.putOrder("o-1", ORDER);
	}

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	TradecloudApiClient client(String apiUrl) {
		TradecloudProperties properties = BoundProperties.of(Map.of("tradecloud.api.url", apiUrl,
				"tradecloud.api.username", SimulatorSettings.DEFAULT_USER_EMAIL, "tradecloud.api.password",
				SimulatorSettings.DEFAULT_USER_PASSWORD, "tradecloud.api.connect-timeout", Duration.ofSeconds(2),
				"tradecloud.api.request-timeout", Duration.ofSeconds(2)));
		return new TradecloudApiClient(properties);
	}

	TradecloudApiClient client() {
		return client(this.simulator.apiUrl());
	}

	@Test
	void oneLoginServesManyConcurrentCalls() throws Exception {
		TradecloudApiClient client = client();
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<String>> calls = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				calls.add(CompletableFuture.supplyAsync(
						() -> client.getJson("/order/o-1").at("/buyerOrder/purchaseOrderNumber").asText(), callers));
			}
			for (CompletableFuture<String> call : calls) {
				assertThat(call.get()).isEqualTo("PO-1");
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(this.simulator.logins()).isEqualTo(1);
		assertThat(this.simulator.requests("GET", "/v2/order/o-1")).isEqualTo(40);
	}

	@Test
	void theTokenIsRefreshedBeforeItExpires() {
		TradecloudApiClient client = client();
		client.getJson("/order/o-1");
		// the token lives 4 s: within its last half the next call refreshes it first
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> client.getJson("/order/o-1") != null && this.simulator.refreshes() == 1);
		assertThat(this.simulator.logins()).isEqualTo(1);
	}

	@Test
	void aRefusedTokenIsRefreshedAndTheCallRepeated() {
		TradecloudApiClient client = client();
		client.getJson("/order/o-1");
		this.simulator.expireAccessTokens();

		assertThat(client.getJson("/order/o-1").path("id").asText()).isEqualTo("o-1");
		assertThat(this.simulator.refreshes()).isEqualTo(1);
		assertThat(this.simulator.logins()).isEqualTo(1);
	}

	@Test
	void whenTheRefreshIsRefusedTheClientLogsInAgain() {
		TradecloudApiClient client = client();
		client.getJson("/order/o-1");
		this.simulator.expireAccessTokens();
		this.simulator.expireRefreshTokens();

		assertThat(client.getJson("/order/o-1").path("id").asText()).isEqualTo("o-1");
		assertThat(this.simulator.logins()).isEqualTo(2);
	}

	@Test
	void refusedEvenAfterAFreshLoginIsFunctional() {
		TradecloudApiClient client = client();
		this.simulator.failNext("GET", "/v2/order/o-1", 403, 3);

		assertThatExceptionOfType(TradecloudRejectedException.class).isThrownBy(() -> client.getJson("/order/o-1"))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(403));
		assertThat(this.simulator.requests("GET", "/v2/order/o-1")).isEqualTo(3);
		assertThat(this.simulator.logins()).isEqualTo(2);
	}

	@Test
	void unknownIsFunctionalAndServerErrorsAreTemporary() {
		TradecloudApiClient client = client();
		assertThatExceptionOfType(TradecloudRejectedException.class).isThrownBy(() -> client.getJson("/order/nope"))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(404));
		this.simulator.failNext("GET", "/v2/order/o-1", 503, 1);
		assertThatExceptionOfType(TradecloudUnavailableException.class).isThrownBy(() -> client.getJson("/order/o-1"))
			.withMessageContaining("503");
		assertThat(client.getJson("/order/o-1").path("id").asText()).isEqualTo("o-1");
	}

	@Test
	void wrongApiCredentialsAreFunctional() {
		TradecloudProperties properties = BoundProperties.of(Map.of("tradecloud.api.url", this.simulator.apiUrl(),
				"tradecloud.api.username", SimulatorSettings.DEFAULT_USER_EMAIL, "tradecloud.api.password", "wrong"));
		assertThatExceptionOfType(TradecloudRejectedException.class)
			.isThrownBy(() -> new TradecloudApiClient(properties).getJson("/order/o-1"))
			.withMessageContaining("tradecloud.api.username");
	}

	@Test
	void refusedConnectionsAndTimeoutsAreTemporary() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		assertThatExceptionOfType(TradecloudUnavailableException.class)
			.isThrownBy(() -> client("http://127.0.0.1:" + closed + "/v2").getJson("/order/o-1"))
			.withMessageContaining("refused");

		try (ServerSocket silent = new ServerSocket(0)) {
			CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
				try {
					return silent.accept();
				}
				catch (IOException ex) {
					return null;
				}
			});
			assertThatExceptionOfType(TradecloudUnavailableException.class)
				.isThrownBy(() -> client("http://127.0.0.1:" + silent.getLocalPort() + "/v2").getJson("/order/o-1"))
				.withMessageContaining("timed out");
			accepted.cancel(true);
		}
	}

	@Test
	void everyCallGoesWithTheAccessTokenForTradecloudRefusesBasicCredentialsOnItsResources() throws Exception {
		TradecloudApiClient client = client();
		for (int i = 0; i < 3; i++) {
			assertThat(client.getJson("/order/o-1").path("id").asText()).isEqualTo("o-1");
		}
		assertThat(this.simulator.logins()).isEqualTo(1);
		assertThat(this.simulator.requests("GET", "/v2/order/o-1")).isEqualTo(3);
		// what a client sending Basic on every call would get, as Tradecloud documents it
		java.net.http.HttpResponse<String> basic = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.simulator.apiUrl() + "/order/o-1"))
				.header("Authorization",
						io.tcconnector.support.TestConnector.basic(this.simulator.settings().userEmail(),
								this.simulator.settings().userPassword()))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(basic.statusCode()).isEqualTo(401);
	}

}
