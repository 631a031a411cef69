package io.tcconnector.ingress;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.tcconnector.simulator.EntraTokens;
import io.tcconnector.simulator.RetryPolicy;
import io.tcconnector.simulator.SendResult;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.simulator.WebhookSender;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks protected with OAuth2 client credentials from Microsoft Entra ID (the
 * simulator's look-alike: discovery, JWK set, token endpoint), with Basic and static
 * bearer tokens configured at the same time. Tradecloud's flow end to end, then one case
 * for each way a token can be wrong; each refused with 401 and nothing taken.
 */
@ConnectorTest({ "tradecloud.webhook.oauth2.audience=" + EntraTokens.DEFAULT_AUDIENCE,
		"tradecloud.webhook.oauth2.allowed-client-ids=" + EntraTokens.DEFAULT_CLIENT_ID })
@ExtendWith(OutputCaptureExtension.class)
class OAuth2WebhookTest {

	@Autowired
	TestConnector connector;

	static final TradecloudSimulator entra = TestConnector.sharedSimulator();

	static final byte[] ORDER = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));

	/** A static token shaped like a JWT, also configured: it must still be refused. */
	static final String EXPIRED_BUT_CONFIGURED_AS_STATIC = entra.entraTokens()
		.token()
		.expiresAt(Instant.now().minus(Duration.ofHours(2)))
		.notBefore(Instant.now().minus(Duration.ofHours(3)))
		.issuedAt(Instant.now().minus(Duration.ofHours(3)))
		.build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void connectorProperties(DynamicPropertyRegistry registry) {
		registry.add("tradecloud.webhook.oauth2.issuer-uri[0]", entra::entraIssuerV2);
		registry.add("tradecloud.webhook.oauth2.issuer-uri[1]", entra::entraIssuerV1);
		registry.add("tradecloud.webhook.bearer-token",
				() -> TestConnector.TOKEN + "," + TestConnector.OTHER_TOKEN + "," + EXPIRED_BUT_CONFIGURED_AS_STATIC);
	}

	HttpResponse<String> postWith(String token) {
		return connector.send(this.port, "POST", "/webhooks/tradecloud", TestConnector.asNewEvent(ORDER),
				"application/json", TestConnector.bearer(token));
	}

	void assertRefused(String token) {
		HttpResponse<String> answer = postWith(token);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
		assertThat(answer.headers().allValues("WWW-Authenticate")).anyMatch((c) -> c.startsWith("Bearer"));
		assertThat(answer.body()).doesNotContain(token).hasSizeLessThan(300);
	}

	EntraTokens.Builder token() {
		return entra.entraTokens().token();
	}

	@Test
	void tradecloudsClientCredentialsFlowEndToEnd() throws Exception {
		entra.registerEntraClient(EntraTokens.DEFAULT_CLIENT_ID, "client-secret");
		WebhookSender tradecloud = WebhookSender.withOAuth2(
				WebhookSender.trusting(connector.dataDir().resolve("tls/localhost-cert.pem")),
				new RetryPolicy(Duration.ofMillis(100), 2, Duration.ofSeconds(1), 3), URI.create(entra.entraTokenUrl()),
				EntraTokens.DEFAULT_CLIENT_ID, "client-secret", EntraTokens.DEFAULT_AUDIENCE + "/.default");
		URI webhook = URI.create("https://localhost:" + this.port + "/webhooks/tradecloud");
		int before = entra.entraTokensIssued();

		SendResult first = tradecloud.send(webhook, "POST", TestConnector.asNewEvent(ORDER), "application/json");
		SendResult second = tradecloud.send(webhook, "POST", TestConnector.asNewEvent(ORDER), "application/json");

		assertThat(first.finalStatus()).as(first.lastBody()).isEqualTo(202);
		assertThat(second.finalStatus()).isEqualTo(202);
		assertThat(entra.entraTokensIssued() - before).isEqualTo(1);
	}

	@Test
	void aValidV1TokenAndOneWithinTheClockSkewAreAccepted() {
		assertThat(postWith(token().version(1).issuer(entra.entraIssuerV1()).build()).statusCode()).isEqualTo(202);
		Instant earlier = Instant.now().minus(Duration.ofMinutes(10));
		assertThat(
				postWith(token().issuedAt(earlier).notBefore(earlier).expiresAt(Instant.now().minusSeconds(20)).build())
					.statusCode())
			.as("expired 20 s ago, within the 60 s skew")
			.isEqualTo(202);
	}

	@Test
	void anExpiredTokenIsRefused() {
		assertRefused(token().issuedAt(Instant.now().minus(Duration.ofHours(2)))
			.notBefore(Instant.now().minus(Duration.ofHours(2)))
			.expiresAt(Instant.now().minus(Duration.ofMinutes(5)))
			.build());
	}

	@Test
	void aTokenNotYetValidIsRefused() {
		assertRefused(token().notBefore(Instant.now().plus(Duration.ofMinutes(5))).build());
	}

	@Test
	void aTokenFromAnotherIssuerIsRefused() {
		assertRefused(token().issuer("https://login.microsoftonline.com/another-tenant/v2.0").build());
	}

	@Test
	void aTokenForAnotherAudienceIsRefused() {
		assertRefused(token().audience("api://some-other-application").build());
	}

	@Test
	void aTokenOfAnotherClientApplicationIsRefused() {
		assertRefused(token().clientId("some-other-client").build());
		assertRefused(token().version(1).issuer(entra.entraIssuerV1()).clientId("some-other-client").build());
	}

	@Test
	void aTokenSignedWithAnUnknownKeyIsRefused() {
		assertRefused(token().signedWithUnknownKey());
	}

	@Test
	void aTokenWithoutSignatureIsRefused() {
		assertRefused(token().unsigned());
	}

	@Test
	void aTokenSignedWithHmacOverThePublicKeyIsRefused() {
		assertRefused(token().hmacSignedWithPublicKey());
	}

	@Test
	void aTokenSignedWithARotatedKeyIsAcceptedOnceTheNewKeyIsFetched() {
		assertThat(postWith(token().build()).statusCode()).isEqualTo(202);
		int fetched = entra.entraKeysRequested();

		entra.rotateEntraSigningKey();

		assertThat(postWith(token().build()).statusCode()).isEqualTo(202);
		assertThat(entra.entraKeysRequested()).as("keys fetched again for the new kid").isGreaterThan(fetched);
	}

	@Test
	void aTokenThatFailsAsAJwtIsNeverTriedAsAStaticToken(CapturedOutput output) {
		assertRefused(EXPIRED_BUT_CONFIGURED_AS_STATIC);
		assertThat(output.getAll()).contains("Refused an OAuth2 access token")
			.doesNotContain(EXPIRED_BUT_CONFIGURED_AS_STATIC);
	}

	@Test
	void basicAndStaticBearerTokensWorkBesideOAuth2() {
		assertThat(connector.post(this.port, TestConnector.asNewEvent(ORDER), "application/json").statusCode())
			.isEqualTo(202);
		assertThat(postWith(TestConnector.TOKEN).statusCode()).isEqualTo(202);
	}

}
