package io.tcconnector.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tcconnector.simulator.ScriptedReceiver.Received;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests the simulator's Entra ID look-alike over real HTTP: discovery, the JWK set, the
 * token endpoint, the tokens (verified with Nimbus and with Spring Security's decoder),
 * key rotation, the token factory's bad tokens, {@link WebhookSender#withOAuth2} and the
 * control API.
 */
class EntraIdentityProviderTest {

	private static final String CLIENT_ID = "tradecloud-webhooks";

	private static final String SECRET = "s3cret/with+form&chars=";

	private static final String SCOPE = "api://connector/.default";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(10), 2.0, Duration.ofMillis(100), 4);

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** A simulator of each test's own, closed after it. */
	@AutoClose
	private final TradecloudSimulator tradecloud = TradecloudSimulator.start(SimulatorSettings.forTests());

	@BeforeEach
	void startSimulator() {
		this.tradecloud.registerEntraClient(CLIENT_ID, SECRET);
	}

	@Test
	void urlsHaveEntrasShapesUnderTheTenant() {
		String tenantUrl = this.tradecloud.baseUrl() + "/entra/" + TradecloudSimulator.ENTRA_TENANT;

		assertThat(this.tradecloud.entraIssuerV2()).isEqualTo(tenantUrl + "/v2.0");
		assertThat(this.tradecloud.entraIssuerV1()).isEqualTo(tenantUrl + "/");
		assertThat(this.tradecloud.entraJwksUrl()).isEqualTo(tenantUrl + "/discovery/v2.0/keys");
		assertThat(this.tradecloud.entraTokenUrl()).isEqualTo(tenantUrl + "/oauth2/v2.0/token");
	}

	@Test
	void discoveryDocumentsNameTheIssuersTheKeysAndTheTokenEndpoint() throws Exception {
		HttpResponse<String> v2 = get(this.tradecloud.entraIssuerV2() + "/.well-known/openid-configuration");
		HttpResponse<String> v1 = get(this.tradecloud.entraIssuerV1() + ".well-known/openid-configuration");

		assertThat(v2.statusCode()).isEqualTo(200);
		assertThat(v2.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode v2Document = JSON.readTree(v2.body());
		assertThat(v2Document.path("issuer").asText()).isEqualTo(this.tradecloud.entraIssuerV2());
		assertThat(v2Document.path("jwks_uri").asText()).isEqualTo(this.tradecloud.entraJwksUrl());
		assertThat(v2Document.path("token_endpoint").asText()).isEqualTo(this.tradecloud.entraTokenUrl());
		assertThat(v2Document.path("id_token_signing_alg_values_supported")).containsExactly(JSON.valueToTree("RS256"));
		assertThat(v2Document.path("response_types_supported").isArray()).isTrue();
		assertThat(v2Document.path("subject_types_supported").isArray()).isTrue();
		assertThat(v2Document.path("token_endpoint_auth_methods_supported"))
			.contains(JSON.valueToTree("client_secret_post"), JSON.valueToTree("client_secret_basic"));

		assertThat(v1.statusCode()).isEqualTo(200);
		JsonNode v1Document = JSON.readTree(v1.body());
		assertThat(v1Document.path("issuer").asText()).isEqualTo(this.tradecloud.entraIssuerV1());
		assertThat(v1Document.path("jwks_uri").asText()).isEqualTo(this.tradecloud.entraJwksUrl());
		assertThat(v1Document.path("token_endpoint").asText()).isEqualTo(this.tradecloud.entraTokenUrl());
	}

	@Test
	void doubledSlashAfterTheV1IssuerFindsTheSameDocument() throws Exception {
		HttpResponse<String> document = get(this.tradecloud.entraIssuerV1() + "/.well-known/openid-configuration");

		assertThat(document.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(document.body()).path("issuer").asText()).isEqualTo(this.tradecloud.entraIssuerV1());
	}

	@Test
	void jwkSetPublishesOnlyThePublicPartOfTheSigningKey() throws Exception {
		HttpResponse<String> keys = get(this.tradecloud.entraJwksUrl());

		assertThat(keys.statusCode()).isEqualTo(200);
		JWKSet published = JWKSet.parse(keys.body());
		assertThat(published.getKeys()).hasSize(1);
		JWK key = published.getKeys().get(0);
		assertThat(key).isInstanceOf(RSAKey.class);
		assertThat(key.getKeyID()).isEqualTo(this.tradecloud.entraSigningKeyId()).isNotBlank();
		assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
		assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(key.isPrivate()).isFalse();
		assertThat(key.toRSAKey().size()).isEqualTo(2048);
		for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) {
			assertThat(JSON.readTree(keys.body()).path("keys").get(0).has(privatePart)).isFalse();
		}
		assertThat(this.tradecloud.entraKeysRequested()).isEqualTo(1);
	}

	@Test
	void clientSecretPostGetsAV2TokenThatVerifiesAgainstThePublishedKeys() throws Exception {
		long before = Instant.now().getEpochSecond();
		HttpResponse<String> answer = requestToken(form("grant_type", "client_credentials", "client_id", CLIENT_ID,
				"client_secret", SECRET, "scope", SCOPE), null);

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Cache-Control")).hasValueSatisfying((value) -> {
			assertThat(value).contains("no-store");
		});
		JsonNode body = JSON.readTree(answer.body());
		assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
		assertThat(body.path("expires_in").asLong()).isEqualTo(3599);
		SignedJWT jwt = SignedJWT.parse(body.path("access_token").asText());
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.tradecloud.entraSigningKeyId());
		assertThat(verifiesWithPublishedKey(jwt)).isTrue();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getAudience()).containsExactly("api://connector");
		assertThat(claims.getIssuer()).isEqualTo(this.tradecloud.entraIssuerV2());
		assertThat(claims.getStringClaim("azp")).isEqualTo(CLIENT_ID);
		assertThat(claims.getStringClaim("azpacr")).isEqualTo("1");
		assertThat(claims.getStringClaim("tid")).isEqualTo(TradecloudSimulator.ENTRA_TENANT);
		assertThat(claims.getStringClaim("ver")).isEqualTo("2.0");
		assertThat(claims.getSubject()).isEqualTo(claims.getStringClaim("oid")).matches("[0-9a-f-]{36}");
		assertThat(claims.getClaims()).doesNotContainKeys("roles", "appid", "scp");
		long issuedAt = claims.getIssueTime().toInstant().getEpochSecond();
		assertThat(issuedAt).isBetween(before, before + 5);
		assertThat(claims.getNotBeforeTime().toInstant().getEpochSecond()).isEqualTo(issuedAt);
		assertThat(claims.getExpirationTime().toInstant().getEpochSecond()).isEqualTo(issuedAt + 3600);
		assertThat(this.tradecloud.entraTokensIssued()).isEqualTo(1);
	}

	@Test
	void clientSecretBasicGetsATokenForTheSameStableSubject() throws Exception {
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((encode(CLIENT_ID) + ":" + encode(SECRET)).getBytes(StandardCharsets.UTF_8));

		SignedJWT viaBasic = SignedJWT.parse(tokenFrom(
				requestToken(form("grant_type", "client_credentials", "scope", "api://other-api/.default"), basic)));
		SignedJWT viaPost = SignedJWT.parse(tokenFrom(requestToken(form("grant_type", "client_credentials", "client_id",
				CLIENT_ID, "client_secret", SECRET, "scope", SCOPE), null)));

		assertThat(viaBasic.getJWTClaimsSet().getAudience()).containsExactly("api://other-api");
		assertThat(viaBasic.getJWTClaimsSet().getStringClaim("azp")).isEqualTo(CLIENT_ID);
		assertThat(viaBasic.getJWTClaimsSet().getSubject()).isEqualTo(viaPost.getJWTClaimsSet().getSubject());
		assertThat(verifiesWithPublishedKey(viaBasic)).isTrue();
		assertThat(this.tradecloud.entraTokensIssued()).isEqualTo(2);
	}

	@Test
	void version1TokensCarryTheV1IssuerAndAppid() throws Exception {
		this.tradecloud.setEntraTokenVersion(1);

		SignedJWT jwt = SignedJWT.parse(tokenFrom(requestToken(clientCredentials(SCOPE), null)));

		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(verifiesWithPublishedKey(jwt)).isTrue();
		assertThat(claims.getIssuer()).isEqualTo(this.tradecloud.entraIssuerV1()).endsWith("/");
		assertThat(claims.getStringClaim("appid")).isEqualTo(CLIENT_ID);
		assertThat(claims.getStringClaim("ver")).isEqualTo("1.0");
		assertThat(claims.getAudience()).containsExactly("api://connector");
		assertThat(claims.getClaims()).doesNotContainKeys("azp", "azpacr");
	}

	@Test
	void refusedRequestsAnswerEntrasErrorsAndIssueNothing() throws Exception {
		HttpResponse<String> wrongSecret = requestToken(form("grant_type", "client_credentials", "client_id", CLIENT_ID,
				"client_secret", "wrong", "scope", SCOPE), null);
		HttpResponse<String> unknownClient = requestToken(form("grant_type", "client_credentials", "client_id",
				"someone", "client_secret", SECRET, "scope", SCOPE), null);
		HttpResponse<String> noClient = requestToken(form("grant_type", "client_credentials", "scope", SCOPE), null);
		HttpResponse<String> otherGrant = requestToken(form("grant_type", "password", "client_id", CLIENT_ID,
				"client_secret", SECRET, "scope", SCOPE, "username", "u", "password", "p"), null);

		assertThat(wrongSecret.statusCode()).isEqualTo(401);
		assertThat(error(wrongSecret)).isEqualTo("invalid_client");
		assertThat(unknownClient.statusCode()).isEqualTo(401);
		assertThat(error(unknownClient)).isEqualTo("invalid_client");
		assertThat(noClient.statusCode()).isEqualTo(401);
		assertThat(otherGrant.statusCode()).isEqualTo(400);
		assertThat(error(otherGrant)).isEqualTo("unsupported_grant_type");
		for (String scope : List.of("api://connector", "/.default", "openid", "api://a/.default api://b/.default")) {
			HttpResponse<String> badScope = requestToken(clientCredentials(scope), null);
			assertThat(badScope.statusCode()).as(scope).isEqualTo(400);
			assertThat(error(badScope)).as(scope).isEqualTo("invalid_scope");
		}
		HttpResponse<String> noScope = requestToken(
				form("grant_type", "client_credentials", "client_id", CLIENT_ID, "client_secret", SECRET), null);
		assertThat(noScope.statusCode()).isEqualTo(400);
		assertThat(error(noScope)).isEqualTo("invalid_scope");
		assertThat(this.tradecloud.entraTokensIssued()).isZero();
	}

	@Test
	void otherMethodsPathsAndTenantsAreRefused() throws Exception {
		assertThat(get(this.tradecloud.entraTokenUrl()).statusCode()).isEqualTo(405);
		assertThat(
				get(this.tradecloud.baseUrl() + "/entra/" + TradecloudSimulator.ENTRA_TENANT + "/nothing").statusCode())
			.isEqualTo(404);
		HttpResponse<String> otherTenant = get(this.tradecloud.baseUrl()
				+ "/entra/11111111-1111-1111-1111-111111111111/v2.0/.well-known/openid-configuration");
		assertThat(otherTenant.statusCode()).isEqualTo(400);
		assertThat(error(otherTenant)).isEqualTo("invalid_tenant");
		HttpResponse<String> notAForm = this.client
			.send(HttpRequest.newBuilder(URI.create(this.tradecloud.entraTokenUrl()))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(notAForm.statusCode()).isEqualTo(400);
		assertThat(error(notAForm)).isEqualTo("invalid_request");
	}

	@Test
	void rotationPublishesTheNewKeyNextToTheOldOneUntilTheOldOnesAreRetired() throws Exception {
		String firstKid = this.tradecloud.entraSigningKeyId();
		SignedJWT before = SignedJWT.parse(tokenFrom(requestToken(clientCredentials(SCOPE), null)));

		String secondKid = this.tradecloud.rotateEntraSigningKey();

		assertThat(secondKid).isNotEqualTo(firstKid).isEqualTo(this.tradecloud.entraSigningKeyId());
		assertThat(publishedKeys().getKeys()).extracting(JWK::getKeyID).containsExactly(firstKid, secondKid);
		assertThat(this.tradecloud.entraPublishedKeyIds()).containsExactly(firstKid, secondKid);
		SignedJWT after = SignedJWT.parse(tokenFrom(requestToken(clientCredentials(SCOPE), null)));
		assertThat(before.getHeader().getKeyID()).isEqualTo(firstKid);
		assertThat(after.getHeader().getKeyID()).isEqualTo(secondKid);
		assertThat(after.verify(new RSASSAVerifier(publishedKey(secondKid)))).isTrue();
		assertThat(after.verify(new RSASSAVerifier(publishedKey(firstKid)))).isFalse();
		assertThat(verifiesWithPublishedKey(before)).isTrue();
		assertThat(verifiesWithPublishedKey(after)).isTrue();

		this.tradecloud.retireOldEntraKeys();

		assertThat(publishedKeys().getKeys()).extracting(JWK::getKeyID).containsExactly(secondKid);
		assertThat(publishedKeys().getKeyByKeyId(firstKid)).isNull();
		assertThat(verifiesWithPublishedKey(before)).isFalse();
		assertThat(verifiesWithPublishedKey(after)).isTrue();
	}

	@Test
	void springSecuritysDecoderFindsBothIssuersAndFetchesTheKeysAgainAfterARotation() throws Exception {
		JwtDecoder v2Decoder = JwtDecoders.fromIssuerLocation(this.tradecloud.entraIssuerV2());
		JwtDecoder v1Decoder = JwtDecoders.fromIssuerLocation(this.tradecloud.entraIssuerV1());

		Jwt v2Token = v2Decoder.decode(tokenFrom(requestToken(clientCredentials(SCOPE), null)));
		assertThat(v2Token.getIssuer().toString()).isEqualTo(this.tradecloud.entraIssuerV2());
		assertThat(v2Token.getAudience()).containsExactly("api://connector");
		assertThat(v2Token.getClaimAsString("azp")).isEqualTo(CLIENT_ID);
		this.tradecloud.setEntraTokenVersion(1);
		Jwt v1Token = v1Decoder.decode(tokenFrom(requestToken(clientCredentials(SCOPE), null)));
		assertThat(v1Token.getClaimAsString("iss")).isEqualTo(this.tradecloud.entraIssuerV1());
		assertThat(v1Token.getClaimAsString("appid")).isEqualTo(CLIENT_ID);

		int keyFetches = this.tradecloud.entraKeysRequested();
		String newKid = this.tradecloud.rotateEntraSigningKey();
		Jwt rotated = v1Decoder.decode(tokenFrom(requestToken(clientCredentials(SCOPE), null)));

		assertThat(rotated.getHeaders()).containsEntry("kid", newKid);
		assertThat(this.tradecloud.entraKeysRequested()).isGreaterThan(keyFetches);
	}

	@Test
	void springSecuritysDecoderRefusesTheFactorysBadTokens() {
		JwtDecoder decoder = JwtDecoders.fromIssuerLocation(this.tradecloud.entraIssuerV2());
		EntraTokens entra = this.tradecloud.entraTokens();

		assertThat(decoder.decode(entra.token().build()).getSubject()).isNotBlank();
		List<String> badTokens = List.of(entra.token().expiresAt(Instant.now().minusSeconds(600)).build(),
				entra.token().notBefore(Instant.now().plusSeconds(600)).build(),
				entra.token().issuer("https://login.microsoftonline.com/another-tenant/v2.0").build(),
				entra.token().signedWithUnknownKey(), entra.token().unsigned(),
				entra.token().hmacSignedWithPublicKey());
		for (String badToken : badTokens) {
			assertThatExceptionOfType(JwtException.class).as(badToken).isThrownBy(() -> decoder.decode(badToken));
		}
	}

	@Test
	void factoryTokensAreSignedWithTheCurrentKeyAndCarryWhatWasAskedFor() throws Exception {
		Instant expired = Instant.now().minusSeconds(600);
		Instant later = Instant.now().plusSeconds(600);
		EntraTokens entra = this.tradecloud.entraTokens();

		SignedJWT defaults = SignedJWT.parse(entra.token().build());
		SignedJWT expiredToken = SignedJWT.parse(entra.token().expiresAt(expired).build());
		SignedJWT notYetValid = SignedJWT.parse(entra.token().notBefore(later).build());
		SignedJWT custom = SignedJWT.parse(entra.token()
			.audience("api://someone-else")
			.issuer("https://sts.windows.net/another-tenant/")
			.clientId("intruder")
			.version(1)
			.claim("roles", List.of("Orders.Write"))
			.withoutClaim("nbf")
			.build());

		assertThat(List.of(defaults, expiredToken, notYetValid, custom)).allSatisfy((jwt) -> {
			assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.tradecloud.entraSigningKeyId());
			assertThat(verifiesWithPublishedKey(jwt)).isTrue();
		});
		assertThat(defaults.getJWTClaimsSet().getAudience()).containsExactly(EntraTokens.DEFAULT_AUDIENCE);
		assertThat(defaults.getJWTClaimsSet().getStringClaim("azp")).isEqualTo(EntraTokens.DEFAULT_CLIENT_ID);
		assertThat(defaults.getJWTClaimsSet().getIssuer()).isEqualTo(this.tradecloud.entraIssuerV2());
		assertThat(expiredToken.getJWTClaimsSet().getExpirationTime().toInstant()).isBefore(Instant.now())
			.isEqualTo(expired.truncatedTo(ChronoUnit.SECONDS));
		assertThat(notYetValid.getJWTClaimsSet().getNotBeforeTime().toInstant()).isAfter(Instant.now());
		JWTClaimsSet customClaims = custom.getJWTClaimsSet();
		assertThat(customClaims.getAudience()).containsExactly("api://someone-else");
		assertThat(customClaims.getIssuer()).isEqualTo("https://sts.windows.net/another-tenant/");
		assertThat(customClaims.getStringClaim("appid")).isEqualTo("intruder");
		assertThat(customClaims.getStringClaim("ver")).isEqualTo("1.0");
		assertThat(customClaims.getStringListClaim("roles")).containsExactly("Orders.Write");
		assertThat(customClaims.getNotBeforeTime()).isNull();
		assertThat(this.tradecloud.entraTokensIssued()).isZero();
	}

	@Test
	void tokenWithAnUnknownKeyNamesAKidTheJwkSetDoesNotHave() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.tradecloud.entraTokens().token().signedWithUnknownKey());

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jwt.getHeader().getKeyID()).isNotBlank().isNotEqualTo(this.tradecloud.entraSigningKeyId());
		assertThat(publishedKeys().getKeyByKeyId(jwt.getHeader().getKeyID())).isNull();
		for (JWK key : publishedKeys().getKeys()) {
			assertThat(jwt.verify(new RSASSAVerifier(key.toRSAKey()))).isFalse();
		}
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(EntraTokens.DEFAULT_AUDIENCE);
	}

	@Test
	void unsignedTokenHasAlgNoneAndAnEmptySignature() throws Exception {
		String token = this.tradecloud.entraTokens().token().audience("api://connector").unsigned();

		String[] parts = token.split("\\.", -1);
		assertThat(parts).hasSize(3);
		assertThat(parts[2]).isEmpty();
		assertThat(token).endsWith(".");
		assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
			.isEqualTo("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
		assertThat(claims.path("aud").asText()).isEqualTo("api://connector");
		assertThat(claims.path("iss").asText()).isEqualTo(this.tradecloud.entraIssuerV2());
		assertThat(claims.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
	}

	@Test
	void hmacTokenVerifiesWithThePublishedPublicKeyBytesAsSecret() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.tradecloud.entraTokens().token().hmacSignedWithPublicKey());

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(this.tradecloud.entraSigningKeyId());
		RSAKey published = publishedKey(jwt.getHeader().getKeyID());
		byte[] der = published.toRSAPublicKey().getEncoded();
		assertThat(jwt.verify(new MACVerifier(der))).isTrue();
		assertThat(jwt.verify(new MACVerifier(published.toJSONString().getBytes(StandardCharsets.UTF_8)))).isFalse();
		assertThat(jwt.verify(new MACVerifier(new byte[32]))).isFalse();
	}

	@Test
	void oauth2SenderFetchesOneTokenForSeveralWebhooksAndSendsItAsBearer() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(200)) {
			WebhookSender sender = WebhookSender.withOAuth2(this.client, QUICK,
					URI.create(this.tradecloud.entraTokenUrl()), CLIENT_ID, SECRET, SCOPE);

			for (int i = 0; i < 3; i++) {
				assertThat(sender.send(receiver.uri("/webhook"), "POST", event(i), "application/json").delivered())
					.isTrue();
			}

			assertThat(this.tradecloud.entraTokensIssued()).isEqualTo(1);
			assertThat(this.tradecloud.requests("POST", "/entra")).isEqualTo(1);
			List<Received> received = receiver.received();
			assertThat(received).hasSize(3);
			String authorization = received.get(0).authorization();
			assertThat(authorization).startsWith("Bearer ");
			assertThat(received).extracting(Received::authorization).containsOnly(authorization);
			SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
			assertThat(verifiesWithPublishedKey(jwt)).isTrue();
			assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("api://connector");
			assertThat(jwt.getJWTClaimsSet().getStringClaim("azp")).isEqualTo(CLIENT_ID);
		}
	}

	@Test
	void oauth2SenderFetchesAgainWhenTheTokenLivesShorterThanTheRenewalMargin() throws Exception {
		this.tradecloud.setEntraTokenLifetime(WebhookSender.TOKEN_RENEWAL_MARGIN.minusSeconds(10));
		try (ScriptedReceiver receiver = ScriptedReceiver.http(200)) {
			WebhookSender sender = WebhookSender.withOAuth2(this.client, QUICK,
					URI.create(this.tradecloud.entraTokenUrl()), CLIENT_ID, SECRET, SCOPE);

			sender.send(receiver.uri("/webhook"), "POST", event(1), "application/json");
			sender.send(receiver.uri("/webhook"), "POST", event(2), "application/json");

			assertThat(this.tradecloud.entraTokensIssued()).isEqualTo(2);
			assertThat(receiver.received()).extracting(Received::authorization).doesNotHaveDuplicates();
		}
	}

	@Test
	void oauth2SenderDropsItsTokenWhenTheReceiverAnswers401() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(401, 200)) {
			WebhookSender sender = WebhookSender.withOAuth2(this.client, QUICK,
					URI.create(this.tradecloud.entraTokenUrl()), CLIENT_ID, SECRET, SCOPE);

			SendResult refused = sender.send(receiver.uri("/webhook"), "POST", event(1), "application/json");
			SendResult delivered = sender.send(receiver.uri("/webhook"), "POST", event(1), "application/json");

			assertThat(refused.finalStatus()).isEqualTo(401);
			assertThat(refused.attempts()).isEqualTo(1);
			assertThat(delivered.finalStatus()).isEqualTo(200);
			assertThat(this.tradecloud.entraTokensIssued()).isEqualTo(2);
		}
	}

	@Test
	void faultOnTheTokenEndpointIsRetriedLikeAMissingAnswer() throws Exception {
		this.tradecloud.failNext("POST", "/entra", 503, 2);
		try (ScriptedReceiver receiver = ScriptedReceiver.http(200)) {
			WebhookSender sender = WebhookSender.withOAuth2(this.client, QUICK,
					URI.create(this.tradecloud.entraTokenUrl()), CLIENT_ID, SECRET, SCOPE);

			SendResult result = sender.send(receiver.uri("/webhook"), "POST", event(1), "application/json");

			assertThat(result.finalStatus()).isEqualTo(200);
			assertThat(result.attempts()).isEqualTo(3);
			assertThat(receiver.received()).hasSize(1);
			assertThat(this.tradecloud.requests("POST", "/entra")).isEqualTo(3);
			assertThat(this.tradecloud.entraTokensIssued()).isEqualTo(1);
		}
	}

	@Test
	void refusedClientEndsTheSendWithoutTryingTheReceiver() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(200)) {
			WebhookSender sender = WebhookSender.withOAuth2(this.client, QUICK,
					URI.create(this.tradecloud.entraTokenUrl()), CLIENT_ID, "wrong", SCOPE);

			SendResult result = sender.send(receiver.uri("/webhook"), "POST", event(1), "application/json");

			assertThat(result.finalStatus()).isEqualTo(-1);
			assertThat(result.attempts()).isEqualTo(1);
			assertThat(result.delivered()).isFalse();
			assertThat(receiver.received()).isEmpty();
		}
	}

	@Test
	void explicitAuthorizationIsSentAsGivenEvenByAnOAuth2Sender() throws Exception {
		try (ScriptedReceiver receiver = ScriptedReceiver.http(200)) {
			WebhookSender sender = WebhookSender.withOAuth2(this.client, QUICK,
					URI.create(this.tradecloud.entraTokenUrl()), CLIENT_ID, SECRET, SCOPE);

			sender.send(receiver.uri("/webhook"), "POST", event(1), "application/json", "Bearer static");

			assertThat(receiver.received().get(0).authorization()).isEqualTo("Bearer static");
			assertThat(this.tradecloud.entraTokensIssued()).isZero();
		}
	}

	@Test
	void failNextOnEntraAnswersBeforeTheIdentityProviderAndIsCounted() throws Exception {
		this.tradecloud.failNext("GET", "/entra", 503, 2);

		assertThat(get(this.tradecloud.entraJwksUrl()).statusCode()).isEqualTo(503);
		assertThat(get(this.tradecloud.entraIssuerV2() + "/.well-known/openid-configuration").statusCode())
			.isEqualTo(503);
		assertThat(get(this.tradecloud.entraJwksUrl()).statusCode()).isEqualTo(200);
		assertThat(this.tradecloud.requests("GET", "/entra")).isEqualTo(3);
		assertThat(this.tradecloud.entraKeysRequested()).isEqualTo(1);
	}

	@Test
	void resetCountersForgetsTheEntraCounts() throws Exception {
		requestToken(clientCredentials(SCOPE), null);
		get(this.tradecloud.entraJwksUrl());

		this.tradecloud.resetCounters();

		assertThat(this.tradecloud.entraTokensIssued()).isZero();
		assertThat(this.tradecloud.entraKeysRequested()).isZero();
	}

	@Test
	void controlApiRegistersClientsRotatesAndRetiresKeysAndSwitchesTheVersion() throws Exception {
		HttpResponse<String> registered = control("/simulator/entra/clients",
				"{\"clientId\":\"erp-demo\",\"secret\":\"demo-secret\"}");
		assertThat(registered.statusCode()).isEqualTo(201);
		assertThat(requestToken(form("grant_type", "client_credentials", "client_id", "erp-demo", "client_secret",
				"demo-secret", "scope", SCOPE), null)
			.statusCode()).isEqualTo(200);
		assertThat(control("/simulator/entra/clients", "{\"clientId\":\"x\"}").statusCode()).isEqualTo(400);

		String firstKid = this.tradecloud.entraSigningKeyId();
		HttpResponse<String> rotated = control("/simulator/entra/rotate-key", "");
		assertThat(rotated.statusCode()).isEqualTo(200);
		JsonNode rotation = JSON.readTree(rotated.body());
		String newKid = rotation.path("kid").asText();
		assertThat(newKid).isNotEqualTo(firstKid).isEqualTo(this.tradecloud.entraSigningKeyId());
		assertThat(rotation.path("published")).containsExactly(JSON.valueToTree(firstKid), JSON.valueToTree(newKid));
		assertThat(publishedKeys().getKeys()).extracting(JWK::getKeyID).containsExactly(firstKid, newKid);

		HttpResponse<String> retired = control("/simulator/entra/retire-old-keys", "");
		assertThat(retired.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(retired.body()).path("published")).containsExactly(JSON.valueToTree(newKid));
		assertThat(publishedKeys().getKeys()).extracting(JWK::getKeyID).containsExactly(newKid);

		assertThat(control("/simulator/entra/token-version", "{\"version\":1}").statusCode()).isEqualTo(200);
		SignedJWT v1 = SignedJWT.parse(tokenFrom(requestToken(clientCredentials(SCOPE), null)));
		assertThat(v1.getJWTClaimsSet().getStringClaim("ver")).isEqualTo("1.0");
		assertThat(control("/simulator/entra/token-version", "{\"version\":3}").statusCode()).isEqualTo(400);

		JsonNode counters = JSON.readTree(get(this.tradecloud.baseUrl() + "/simulator/counters").body());
		assertThat(counters.path("entraTokens").asInt()).isEqualTo(2);
		assertThat(counters.path("entraKeys").asInt()).isEqualTo(2);
	}

	private boolean verifiesWithPublishedKey(SignedJWT jwt) throws Exception {
		JWK key = publishedKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
		return key != null && jwt.verify(new RSASSAVerifier(key.toRSAKey()));
	}

	private RSAKey publishedKey(String kid) throws Exception {
		JWK key = publishedKeys().getKeyByKeyId(kid);
		assertThat(key).as("published key " + kid).isNotNull();
		return key.toRSAKey();
	}

	private JWKSet publishedKeys() throws Exception {
		HttpResponse<String> keys = get(this.tradecloud.entraJwksUrl());
		assertThat(keys.statusCode()).isEqualTo(200);
		return JWKSet.parse(keys.body());
	}

	private HttpResponse<String> requestToken(String form, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.tradecloud.entraTokenUrl()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String tokenFrom(HttpResponse<String> answer) throws Exception {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return JSON.readTree(answer.body()).path("access_token").asText();
	}

	private static String clientCredentials(String scope) {
		return form("grant_type", "client_credentials", "client_id", CLIENT_ID, "client_secret", SECRET, "scope",
				scope);
	}

	private static String form(String... namesAndValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			form.append((i == 0) ? "" : "&")
				.append(encode(namesAndValues[i]))
				.append('=')
				.append(encode(namesAndValues[i + 1]));
		}
		return form.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String error(HttpResponse<String> answer) throws Exception {
		return JSON.readTree(answer.body()).path("error").asText();
	}

	private static byte[] event(int number) {
		return ("{\"eventName\":\"OrderIssuedByBuyer\",\"number\":" + number + "}").getBytes(StandardCharsets.UTF_8);
	}

	private HttpResponse<String> get(String url) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> control(String path, String json) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(this.tradecloud.baseUrl() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
