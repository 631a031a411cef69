package io.tcconnector.simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tcconnector.simulator.ScriptedReceiver.Received;
import io.tcconnector.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests {@link WebhookSender} against a scripted receiver over real HTTP and HTTPS:
 * Tradecloud retries only missing answers and statuses above 500.
 */
class WebhookSenderTest {

	private static final byte[] ORDER_EVENT = "{\"eventName\":\"OrderIssuedByBuyer\",\"orderEvent\":{\"note\":\"Grüße\"}}"
		.getBytes(StandardCharsets.UTF_8);

	private static final String AUTHORIZATION = "Basic dHJhZGVjbG91ZDpjaGFuZ2UtbWU=";

	private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(10), 2.0, Duration.ofMillis(100), 6);

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void statusesAbove500AreRetriedUntilDelivered() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(503, 502, 200)) {
			SendResult result = send(receiver, QUICK);

			assertThat(result.finalStatus()).isEqualTo(200);
			assertThat(result.attempts()).isEqualTo(3);
			assertThat(result.lastBody()).isEqualTo("{\"answer\":200}");
			assertThat(result.delivered()).isTrue();
			assertThat(receiver.received()).hasSize(3);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 200, 202, 400, 401, 403, 404, 500 })
	void twoHundreds400sAnd500AreFinalAtTheFirstAttempt(int status) throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(status, 200)) {
			SendResult result = send(receiver, QUICK);

			assertThat(result.finalStatus()).isEqualTo(status);
			assertThat(result.attempts()).isEqualTo(1);
			assertThat(receiver.received()).hasSize(1);
		}
	}

	@Test
	void droppedConnectionIsRetried() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(ScriptedReceiver.DROP, 200)) {
			SendResult result = send(receiver, QUICK);

			assertThat(result.finalStatus()).isEqualTo(200);
			assertThat(result.attempts()).isEqualTo(2);
			assertThat(receiver.received()).hasSize(2);
		}
	}

	@Test
	void timedOutAttemptIsRetried() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(ScriptedReceiver.STALL, 202)) {
			SendResult result = new WebhookSender(this.client, QUICK, Duration.ofMillis(300))
				.send(receiver.uri("/webhook"), "POST", ORDER_EVENT, "application/json", null);

			assertThat(result.finalStatus()).isEqualTo(202);
			assertThat(result.attempts()).isEqualTo(2);
		}
	}

	@Test
	void alwaysFailingReceiverStopsAtMaxAttempts() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(503)) {
			SendResult result = send(receiver, new RetryPolicy(Duration.ofMillis(1), 2.0, Duration.ofMillis(5), 4));

			assertThat(result.finalStatus()).isEqualTo(503);
			assertThat(result.attempts()).isEqualTo(4);
			assertThat(result.delivered()).isFalse();
			assertThat(receiver.received()).hasSize(4);
		}
	}

	@Test
	void unreachableReceiverEndsWithoutStatus() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		SendResult result = new WebhookSender(this.client,
				new RetryPolicy(Duration.ofMillis(1), 2, Duration.ofMillis(5), 3))
			.send(URI.create("http://127.0.0.1:" + closedPort + "/webhook"), "POST", ORDER_EVENT, "application/json",
					null);

		assertThat(result.finalStatus()).isEqualTo(-1);
		assertThat(result.attempts()).isEqualTo(3);
		assertThat(result.lastBody()).isNull();
	}

	@Test
	void waitsGrowExponentiallyBetweenAttempts() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(503)) {
			send(receiver, new RetryPolicy(Duration.ofMillis(20), 2.0, Duration.ofSeconds(1), 4));

			List<Received> received = receiver.received();
			assertThat(received).hasSize(4);
			assertThat(gapMillis(received, 1)).isGreaterThanOrEqualTo(20);
			assertThat(gapMillis(received, 2)).isGreaterThanOrEqualTo(40);
			assertThat(gapMillis(received, 3)).isGreaterThanOrEqualTo(80);
		}
	}

	@Test
	void delaysDoubleUpToTheMaximum() {
		RetryPolicy policy = new RetryPolicy(Duration.ofMillis(10), 2.0, Duration.ofMillis(50), 10);

		assertThat(policy.delayBefore(1)).isZero();
		assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofMillis(10));
		assertThat(policy.delayBefore(3)).isEqualTo(Duration.ofMillis(20));
		assertThat(policy.delayBefore(4)).isEqualTo(Duration.ofMillis(40));
		assertThat(policy.delayBefore(5)).isEqualTo(Duration.ofMillis(50));
		assertThat(policy.delayBefore(1000)).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void onlyStatusesAbove500AreRetryable() {
		assertThat(RetryPolicy.isRetryable(500)).isFalse();
		assertThat(RetryPolicy.isRetryable(501)).isTrue();
		assertThat(RetryPolicy.isRetryable(504)).isTrue();
		assertThat(RetryPolicy.isRetryable(599)).isTrue();
		assertThat(RetryPolicy.isRetryable(404)).isFalse();
		assertThat(RetryPolicy.isRetryable(200)).isFalse();
	}

	@Test
	void bodyAndHeadersArriveUnchanged() throws Exception {
		byte[] txml = "<orderEvent><eventName>OrderIssuedByBuyer</eventName><note>Grüße</note></orderEvent>"
			.getBytes(StandardCharsets.UTF_8);
		try (ScriptedReceiver receiver = ScriptedReceiver.http(200)) {
			new WebhookSender(this.client, QUICK).send(receiver.uri("/tradecloud/orders"), "POST", txml,
					"application/xml", AUTHORIZATION);

			Received request = receiver.received().get(0);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/tradecloud/orders");
			assertThat(request.body()).isEqualTo(txml);
			assertThat(request.authorization()).isEqualTo(AUTHORIZATION);
			assertThat(request.contentType()).isEqualTo("application/xml");
		}
	}

	@Test
	void putSendsTheSameBody() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(503, 200)) {
			SendResult result = new WebhookSender(this.client, QUICK).send(receiver.uri("/webhook"), "put", ORDER_EVENT,
					"application/json", "Bearer static-token");

			assertThat(result.attempts()).isEqualTo(2);
			assertThat(receiver.received()).extracting(Received::method).containsExactly("PUT", "PUT");
			assertThat(receiver.received()).allSatisfy((request) -> {
				assertThat(request.body()).isEqualTo(ORDER_EVENT);
				assertThat(request.authorization()).isEqualTo("Bearer static-token");
			});
		}
	}

	@Test
	void noAuthorizationHeaderWhenNoneIsGiven() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(200)) {
			new WebhookSender(this.client, QUICK).send(receiver.uri("/webhook"), "POST", ORDER_EVENT,
					"application/json", null);

			assertThat(receiver.received().get(0).authorization()).isNull();
		}
	}

	@Test
	void onlyPostAndPutAreSent() {
		WebhookSender sender = new WebhookSender(this.client, QUICK);

		assertThatIllegalArgumentException().isThrownBy(
				() -> sender.send(URI.create("http://127.0.0.1:1/"), "GET", ORDER_EVENT, "application/json", null));
	}

	@Test
	void selfSignedCertificateIsReachedWithTheInsecureOrTheTrustingClientOnly(@TempDir Path folder) throws Exception {
		SelfSignedCertificate certificate = SelfSignedCertificate.inFolder(folder, "receiver");
		SelfSignedCertificate other = SelfSignedCertificate.inFolder(folder, "other");
		RetryPolicy once = new RetryPolicy(Duration.ZERO, 1.0, Duration.ZERO, 1);
		try (ScriptedReceiver receiver = ScriptedReceiver.https(certificate, 200)) {
			URI target = receiver.uri("/webhook");

			assertThat(new WebhookSender(WebhookSender.insecureClient(), once)
				.send(target, "POST", ORDER_EVENT, "application/json", null)
				.finalStatus()).isEqualTo(200);
			assertThat(new WebhookSender(WebhookSender.trusting(certificate.certificate()), once)
				.send(target, "POST", ORDER_EVENT, "application/json", null)
				.finalStatus()).isEqualTo(200);
			assertThat(new WebhookSender(WebhookSender.trusting(other.certificate()), once)
				.send(target, "POST", ORDER_EVENT, "application/json", null)
				.finalStatus()).isEqualTo(-1);
			assertThat(new WebhookSender(this.client, once).send(target, "POST", ORDER_EVENT, "application/json", null)
				.finalStatus()).isEqualTo(-1);
			assertThat(receiver.received()).hasSize(2);
		}
	}

	private SendResult send(ScriptedReceiver receiver, RetryPolicy policy) throws IOException {
		return new WebhookSender(this.client, policy).send(receiver.uri("/webhook"), "POST", ORDER_EVENT,
				"application/json", AUTHORIZATION);
	}

	private static long gapMillis(List<Received> received, int index) {
		return (received.get(index).arrivedAtNanos() - received.get(index - 1).arrivedAtNanos()) / 1_000_000;
	}

}
