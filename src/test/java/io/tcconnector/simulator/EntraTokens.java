package io.tcconnector.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Makes access tokens of the simulator's Entra ID look-alike directly, without the token
 * endpoint, for tests that need a token with one thing changed, or one of the bad tokens
 * a resource server must refuse. Start with {@link #token()}, change what the test is
 * about, then end with one of the ways to sign it:
 *
 * <pre class="code">
 * EntraTokens entra = tradecloud.entraTokens();
 * String good = entra.token().audience("api://connector").build();
 * String expired = entra.token().expiresAt(Instant.now().minusSeconds(600)).build();
 * String early = entra.token().notBefore(Instant.now().plusSeconds(600)).build();
 * String otherAudience = entra.token().audience("api://someone-else").build();
 * String unknownKey = entra.token().signedWithUnknownKey();
 * String none = entra.token().unsigned();
 * String confused = entra.token().hmacSignedWithPublicKey();
 * </pre>
 *
 * Unless changed, a token is what the token endpoint would issue to
 * {@link #DEFAULT_CLIENT_ID} for {@link #DEFAULT_AUDIENCE} now: in the token version the
 * simulator issues ({@code setEntraTokenVersion}), valid for its token lifetime, signed
 * RS256 with the current signing key.
 */
public final class EntraTokens {

	/** The audience of tokens unless told otherwise. */
	public static final String DEFAULT_AUDIENCE = "api://connector";

	/** The client (application) id of tokens unless told otherwise. */
	public static final String DEFAULT_CLIENT_ID = "tradecloud-webhooks";

	private static final String NONE_HEADER = "{\"alg\":\"none\",\"typ\":\"JWT\"}";

	private final EntraIdentityProvider provider;

	EntraTokens(EntraIdentityProvider provider) {
		this.provider = provider;
	}

	/**
	 * Starts a token with the defaults described above.
	 * @return a builder; not thread-safe, use it once
	 */
	public Builder token() {
		return new Builder(this.provider);
	}

	/**
	 * The stable object id Entra gives a client application's service principal, the
	 * {@code sub} and {@code oid} of its tokens.
	 * @param tenant the tenant id
	 * @param clientId the client id
	 * @return a GUID derived from both
	 */
	static String objectIdOf(String tenant, String clientId) {
		return UUID.nameUUIDFromBytes(("service-principal:" + tenant + ":" + clientId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	/**
	 * A token under construction. Times are whole seconds, as in every JWT.
	 */
	public static final class Builder {

		private final EntraIdentityProvider provider;

		private final Map<String, Object> extraClaims = new LinkedHashMap<>();

		private final Set<String> removedClaims = new LinkedHashSet<>();

		private String audience = DEFAULT_AUDIENCE;

		private String clientId = DEFAULT_CLIENT_ID;

		private String issuer;

		private Integer version;

		private Instant issuedAt;

		private Instant notBefore;

		private Instant expiresAt;

		private Duration lifetime;

		private Builder(EntraIdentityProvider provider) {
			this.provider = provider;
		}

		/**
		 * Sets the audience ({@code aud}).
		 * @param audience e.g. {@code api://connector}
		 * @return this builder
		 */
		public Builder audience(String audience) {
			this.audience = Objects.requireNonNull(audience, "audience");
			return this;
		}

		/**
		 * Sets the issuer ({@code iss}); by default the simulator's v2 or v1 issuer,
		 * after the token version.
		 * @param issuer any string, e.g. another tenant's issuer
		 * @return this builder
		 */
		public Builder issuer(String issuer) {
			this.issuer = Objects.requireNonNull(issuer, "issuer");
			return this;
		}

		/**
		 * Sets the client application the token was issued to: {@code azp} in v2 tokens,
		 * {@code appid} in v1 tokens; {@code sub} and {@code oid} follow it.
		 * @param clientId the client id
		 * @return this builder
		 */
		public Builder clientId(String clientId) {
			this.clientId = Objects.requireNonNull(clientId, "clientId");
			return this;
		}

		/**
		 * Sets the token's shape: 2 ({@code azp}, {@code azpacr}, {@code ver: "2.0"}, the
		 * v2 issuer) or 1 ({@code appid}, {@code appidacr}, {@code idp},
		 * {@code ver: "1.0"}, the v1 issuer).
		 * @param version 1 or 2
		 * @return this builder
		 */
		public Builder version(int version) {
			if (version != 1 && version != 2) {
				throw new IllegalArgumentException("the token version must be 1 or 2: " + version);
			}
			this.version = version;
			return this;
		}

		/**
		 * Sets when the token was issued ({@code iat}); by default now. {@code nbf} and
		 * {@code exp} follow it unless set themselves.
		 * @param issuedAt the time
		 * @return this builder
		 */
		public Builder issuedAt(Instant issuedAt) {
			this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
			return this;
		}

		/**
		 * Sets from when the token is valid ({@code nbf}); by default when it was issued.
		 * @param notBefore the time, e.g. in the future for a token not valid yet
		 * @return this builder
		 */
		public Builder notBefore(Instant notBefore) {
			this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
			return this;
		}

		/**
		 * Sets when the token expires ({@code exp}).
		 * @param expiresAt the time, e.g. in the past for an expired token
		 * @return this builder
		 */
		public Builder expiresAt(Instant expiresAt) {
			this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
			return this;
		}

		/**
		 * Sets how long after {@code iat} the token expires, unless
		 * {@link #expiresAt(Instant)} is set; by default the simulator's token lifetime.
		 * @param lifetime the lifetime
		 * @return this builder
		 */
		public Builder lifetime(Duration lifetime) {
			this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
			return this;
		}

		/**
		 * Adds a claim or replaces one, e.g. {@code roles} or another {@code tid}.
		 * @param name the claim's name
		 * @param value a string, number, boolean, list or map
		 * @return this builder
		 */
		public Builder claim(String name, Object value) {
			this.removedClaims.remove(name);
			this.extraClaims.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Leaves a claim out, e.g. {@code exp} or {@code aud}.
		 * @param name the claim's name
		 * @return this builder
		 */
		public Builder withoutClaim(String name) {
			this.extraClaims.remove(name);
			this.removedClaims.add(Objects.requireNonNull(name, "name"));
			return this;
		}

		/**
		 * Signs the token RS256 with the current signing key, its {@code kid} in the
		 * header: what the token endpoint issues.
		 * @return the compact JWT
		 */
		public String build() {
			RSAKey key = this.provider.signingKey();
			return signed(JWSAlgorithm.RS256, key.getKeyID(), rsaSigner(key));
		}

		/**
		 * Signs the token RS256 with a new RSA key that no JWK set publishes, with its
		 * own {@code kid}: a resource server refreshes its keys, still does not find it
		 * and must refuse the token.
		 * @return the compact JWT
		 */
		public String signedWithUnknownKey() {
			RSAKey stranger = EntraIdentityProvider.newSigningKey();
			return signed(JWSAlgorithm.RS256, stranger.getKeyID(), rsaSigner(stranger));
		}

		/**
		 * Leaves the token unsigned: header {@code {"alg":"none","typ":"JWT"}}, the
		 * claims, and an empty signature ({@code header.claims.}).
		 * @return the unsecured JWT
		 */
		public String unsigned() {
			return base64Url(NONE_HEADER.getBytes(StandardCharsets.UTF_8)) + "." + base64Url(claimsJson()) + ".";
		}

		/**
		 * Signs the token HS256 with the current key's {@code kid}, using as HMAC secret
		 * the bytes of the current public key in DER (X.509 SubjectPublicKeyInfo, what
		 * {@code RSAPublicKey.getEncoded()} gives): the algorithm confusion attack on a
		 * resource server that would verify with "the key" whatever the header's
		 * {@code alg}. A resource server that allows only RS256 must refuse it.
		 * @return the compact JWT
		 */
		public String hmacSignedWithPublicKey() {
			RSAKey key = this.provider.signingKey();
			try {
				byte[] secret = key.toRSAPublicKey().getEncoded();
				return signed(JWSAlgorithm.HS256, key.getKeyID(), new MACSigner(secret));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Cannot make an HMAC signer from the public key", ex);
			}
		}

		private String signed(JWSAlgorithm algorithm, String keyId, JWSSigner signer) {
			JWSHeader header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build();
			JWSObject jws = new JWSObject(header, new Payload(claimsJson()));
			try {
				jws.sign(signer);
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Cannot sign the token", ex);
			}
			return jws.serialize();
		}

		private byte[] claimsJson() {
			try {
				return HttpExchanges.json().writeValueAsBytes(claims());
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("Cannot write the token claims", ex);
			}
		}

		/**
		 * The claims in the order Entra writes them.
		 * @return the claims
		 */
		Map<String, Object> claims() {
			int shape = (this.version != null) ? this.version : this.provider.tokenVersion();
			Instant issued = (this.issuedAt != null) ? this.issuedAt : Instant.now();
			Duration validity = (this.lifetime != null) ? this.lifetime : this.provider.tokenLifetime();
			Instant expiry = (this.expiresAt != null) ? this.expiresAt : issued.plus(validity);
			Instant validFrom = (this.notBefore != null) ? this.notBefore : issued;
			String tenant = this.provider.tenant();
			String objectId = objectIdOf(tenant, this.clientId);
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("aud", this.audience);
			claims.put("iss", (this.issuer != null) ? this.issuer : this.provider.issuer(shape));
			claims.put("iat", issued.getEpochSecond());
			claims.put("nbf", validFrom.getEpochSecond());
			claims.put("exp", expiry.getEpochSecond());
			if (shape == 1) {
				claims.put("appid", this.clientId);
				claims.put("appidacr", "1");
				claims.put("idp", this.provider.issuerV1());
			}
			else {
				claims.put("azp", this.clientId);
				claims.put("azpacr", "1");
			}
			claims.put("oid", objectId);
			claims.put("sub", objectId);
			claims.put("tid", tenant);
			claims.put("uti", UUID.randomUUID().toString().replace("-", ""));
			claims.put("ver", (shape == 1) ? "1.0" : "2.0");
			claims.putAll(this.extraClaims);
			claims.keySet().removeAll(this.removedClaims);
			return claims;
		}

		private static JWSSigner rsaSigner(RSAKey key) {
			try {
				return new RSASSASigner(key);
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Cannot sign with the RSA key", ex);
			}
		}

		private static String base64Url(byte[] bytes) {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}

	}

}
