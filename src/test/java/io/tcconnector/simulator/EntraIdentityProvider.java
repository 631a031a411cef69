package io.tcconnector.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A look-alike of Microsoft Entra ID for one tenant, under {@code /entra/{tenant}/}: the
 * OpenID discovery documents of the v2 and the v1 issuer, the JWK set at
 * {@code /discovery/v2.0/keys} and the token endpoint {@code /oauth2/v2.0/token} with the
 * OAuth2 client credentials grant ({@code client_secret_post} or
 * {@code client_secret_basic}, scope {@code <resource>/.default}; a
 * {@link ClientCredentialsEndpoint}, as the stand-in ERP's). Tokens are RS256 JWTs shaped
 * like Entra's app-only access tokens, v2 ({@code azp}) by default or v1 ({@code appid}).
 * Signing keys can be rotated and the old ones retired. Thread-safe: tests change the
 * behaviour while requests run.
 */
final class EntraIdentityProvider {

	static final String PREFIX = "/entra/";

	/** The lifetime of tokens unless told otherwise, Entra's usual hour. */
	static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

	private static final Logger logger = LoggerFactory.getLogger(EntraIdentityProvider.class);

	private static final int KEY_SIZE = 2048;

	private static final String DEFAULT_SCOPE_SUFFIX = "/.default";

	private final String tenant;

	private final String tenantPrefix;

	private final String baseUrl;

	private final RequestCounters counters;

	private final Map<String, String> clients = new ConcurrentHashMap<>();

	private final EntraTokens tokens;

	private final ClientCredentialsEndpoint tokenEndpoint;

	// Made when first needed: an RSA key takes about 100 ms, most simulators never sign.
	private volatile KeyRing keys;

	private volatile int tokenVersion = 2;

	private volatile Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;

	EntraIdentityProvider(String tenant, String baseUrl, RequestCounters counters) {
		this.tenant = Objects.requireNonNull(tenant, "tenant");
		this.tenantPrefix = PREFIX + tenant;
		this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
		this.counters = counters;
		this.tokens = new EntraTokens(this);
		this.tokenEndpoint = new ClientCredentialsEndpoint("Entra", "entra-" + tenant, this::isRegistered,
				this::issueToken);
	}

	String tenant() {
		return this.tenant;
	}

	/**
	 * The issuer of v2 tokens, like
	 * {@code https://login.microsoftonline.com/{tenant}/v2.0}.
	 * @return {@code <base>/entra/{tenant}/v2.0}
	 */
	String issuerV2() {
		return this.baseUrl + this.tenantPrefix + "/v2.0";
	}

	/**
	 * The issuer of v1 tokens, shaped like {@code https://sts.windows.net/{tenant}/} with
	 * its trailing slash.
	 * @return {@code <base>/entra/{tenant}/}
	 */
	String issuerV1() {
		return this.baseUrl + this.tenantPrefix + "/";
	}

	String issuer(int version) {
		return (version == 1) ? issuerV1() : issuerV2();
	}

	String jwksUrl() {
		return this.baseUrl + this.tenantPrefix + "/discovery/v2.0/keys";
	}

	String tokenUrl() {
		return this.baseUrl + this.tenantPrefix + "/oauth2/v2.0/token";
	}

	EntraTokens tokens() {
		return this.tokens;
	}

	void registerClient(String clientId, String secret) {
		if (clientId == null || clientId.isBlank()) {
			throw new IllegalArgumentException("the client id must not be blank");
		}
		if (secret == null || secret.isEmpty()) {
			throw new IllegalArgumentException("the client secret must not be empty");
		}
		this.clients.put(clientId, secret);
	}

	void setTokenVersion(int version) {
		if (version != 1 && version != 2) {
			throw new IllegalArgumentException("the token version must be 1 or 2: " + version);
		}
		this.tokenVersion = version;
	}

	int tokenVersion() {
		return this.tokenVersion;
	}

	void setTokenLifetime(Duration lifetime) {
		if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
			throw new IllegalArgumentException("the token lifetime must be positive: " + lifetime);
		}
		this.tokenLifetime = lifetime;
	}

	Duration tokenLifetime() {
		return this.tokenLifetime;
	}

	/**
	 * The key new tokens are signed with, private part included.
	 * @return the current signing key
	 */
	RSAKey signingKey() {
		return keyRing().current();
	}

	/**
	 * The keys the JWK set publishes, oldest first.
	 * @return the published keys, private parts included
	 */
	List<RSAKey> publishedKeys() {
		return keyRing().published();
	}

	/**
	 * Makes a new signing key, publishes it next to the old ones and signs new tokens
	 * with it.
	 * @return the new key's id
	 */
	synchronized String rotateSigningKey() {
		RSAKey next = newSigningKey();
		List<RSAKey> published = new ArrayList<>(keyRing().published());
		published.add(next);
		this.keys = new KeyRing(next, List.copyOf(published));
		logger.info("Entra signing key rotated: new kid {}, {} keys published", next.getKeyID(), published.size());
		return next.getKeyID();
	}

	/** Removes every key but the current signing key from the JWK set. */
	synchronized void retireOldKeys() {
		RSAKey current = keyRing().current();
		this.keys = new KeyRing(current, List.of(current));
		logger.info("old Entra signing keys retired, only kid {} published", current.getKeyID());
	}

	private KeyRing keyRing() {
		KeyRing ring = this.keys;
		if (ring == null) {
			synchronized (this) {
				if (this.keys == null) {
					RSAKey first = newSigningKey();
					this.keys = new KeyRing(first, List.of(first));
				}
				ring = this.keys;
			}
		}
		return ring;
	}

	/**
	 * Answers a request under {@code /entra/} that no fault took.
	 * @param exchange the exchange
	 * @param method the request method, upper case
	 * @param path the decoded request path
	 * @throws IOException when the client goes away
	 */
	void handle(HttpExchange exchange, String method, String path) throws IOException {
		// Clients that join an issuer with a trailing slash and a path may double it.
		String normalized = path.replaceAll("/{2,}", "/");
		if (!normalized.startsWith(this.tenantPrefix + "/")) {
			HttpExchanges.sendOAuthError(exchange, 400, "invalid_tenant", "AADSTS90002: Tenant '" + tenantOf(normalized)
					+ "' not found. The simulator serves only tenant " + this.tenant + ".");
			return;
		}
		String endpoint = normalized.substring(this.tenantPrefix.length());
		switch (endpoint) {
			case "/v2.0/.well-known/openid-configuration" -> ifGet(exchange, method, () -> discovery(issuerV2()));
			case "/.well-known/openid-configuration" -> ifGet(exchange, method, () -> discovery(issuerV1()));
			case "/discovery/v2.0/keys" -> keys(exchange, method);
			case "/oauth2/v2.0/token" -> this.tokenEndpoint.handle(exchange, method);
			default -> HttpExchanges.sendError(exchange, 404, "not found");
		}
	}

	private void ifGet(HttpExchange exchange, String method, DocumentSource document) throws IOException {
		if (!HttpExchanges.requireMethod(exchange, method, "GET")) {
			return;
		}
		HttpExchanges.sendJson(exchange, 200, document.get());
	}

	private Map<String, Object> discovery(String issuer) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("token_endpoint", tokenUrl());
		document.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
		document.put("jwks_uri", jwksUrl());
		document.put("response_modes_supported", List.of("query", "fragment", "form_post"));
		document.put("subject_types_supported", List.of("pairwise"));
		document.put("id_token_signing_alg_values_supported", List.of("RS256"));
		document.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
		document.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
		document.put("grant_types_supported", List.of("client_credentials"));
		document.put("issuer", issuer);
		document.put("tenant_region_scope", "EU");
		document.put("cloud_instance_name", "tradecloud-simulator");
		return document;
	}

	private void keys(HttpExchange exchange, String method) throws IOException {
		if (!HttpExchanges.requireMethod(exchange, method, "GET")) {
			return;
		}
		this.counters.entraKeysRequested();
		String jwks = new JWKSet(List.copyOf(publishedKeys())).toString(true);
		HttpExchanges.sendText(exchange, 200, "application/json", jwks);
	}

	private Map<String, Object> issueToken(String clientId, String scope) throws ClientCredentialsEndpoint.Refusal {
		String audience = audienceOf(scope);
		if (audience == null) {
			throw new ClientCredentialsEndpoint.Refusal("invalid_scope",
					"AADSTS1002012: The provided value for scope '" + scope
							+ "' is not valid. Client credential flows must have a scope value with "
							+ "/.default suffixed to the resource identifier (application ID URI).");
		}
		Duration lifetime = this.tokenLifetime;
		String token = this.tokens.token().clientId(clientId).audience(audience).lifetime(lifetime).build();
		this.counters.entraTokenIssued();
		// Entra answers 3599 for a token valid one hour.
		long expiresIn = Math.max(0, lifetime.toSeconds() - 1);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("token_type", "Bearer");
		answer.put("expires_in", expiresIn);
		answer.put("ext_expires_in", expiresIn);
		answer.put("access_token", token);
		logger.info("Entra token issued to {} for {}, v{}, kid {}", clientId, audience, this.tokenVersion,
				signingKey().getKeyID());
		return answer;
	}

	private boolean isRegistered(HttpExchanges.Credentials client) {
		String expected = this.clients.get(client.name());
		return expected != null && HmacSha256.sameText(expected, client.secret());
	}

	/**
	 * The audience a client credentials scope asks for: the resource before
	 * {@code /.default}.
	 * @param scope the scope parameter, may be null
	 * @return the resource, or null when the scope is not one {@code <resource>/.default}
	 */
	static String audienceOf(String scope) {
		if (scope == null) {
			return null;
		}
		String trimmed = scope.trim();
		if (!trimmed.endsWith(DEFAULT_SCOPE_SUFFIX) || trimmed.contains(" ")) {
			return null;
		}
		String resource = trimmed.substring(0, trimmed.length() - DEFAULT_SCOPE_SUFFIX.length());
		return resource.isEmpty() ? null : resource;
	}

	private static String tenantOf(String path) {
		String rest = path.substring(PREFIX.length());
		int slash = rest.indexOf('/');
		return (slash < 0) ? rest : rest.substring(0, slash);
	}

	/**
	 * A new RSA 2048 signing key for RS256, its id the base64url SHA-256 thumbprint.
	 * @return the key pair as a JWK
	 */
	static RSAKey newSigningKey() {
		try {
			return new RSAKeyGenerator(KEY_SIZE).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint(true)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot make an RSA key", ex);
		}
	}

	/**
	 * A discovery document, made when asked for.
	 */
	@FunctionalInterface
	private interface DocumentSource {

		Map<String, Object> get();

	}

	/**
	 * The signing key and the keys the JWK set publishes; replaced whole, never changed.
	 *
	 * @param current the key new tokens are signed with
	 * @param published the keys in the JWK set, oldest first, the current one included
	 */
	private record KeyRing(RSAKey current, List<RSAKey> published) {
	}

}
