package io.tcconnector.simulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issues and checks the tokens of Tradecloud's JWT authentication: JWT-shaped access
 * tokens signed with HMAC-SHA256 (so clients can read {@code exp}) and opaque refresh
 * tokens that are rotated on every refresh.
 */
final class TokenAuthority {

	private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

	private final ObjectMapper json;

	private final SecureRandom random;

	private final HmacSha256 signer;

	private final Duration accessTokenLifetime;

	private final Duration refreshTokenLifetime;

	private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();

	private final Map<String, Instant> refreshTokens = new ConcurrentHashMap<>();

	TokenAuthority(ObjectMapper json, SecureRandom random, Duration accessTokenLifetime,
			Duration refreshTokenLifetime) {
		this.json = json;
		this.random = random;
		this.signer = HmacSha256.withRandomKey(random);
		this.accessTokenLifetime = accessTokenLifetime;
		this.refreshTokenLifetime = refreshTokenLifetime;
	}

	/**
	 * Issues a new access token and refresh token.
	 * @param subject the user the tokens are for
	 * @return the new pair
	 */
	TokenPair issue(String subject) {
		Instant now = Instant.now();
		forgetExpired(now);
		Instant accessExpiry = now.plus(this.accessTokenLifetime);
		String accessToken = accessToken(subject, now, accessExpiry);
		this.accessTokens.put(accessToken, accessExpiry);
		String refreshToken = randomToken();
		this.refreshTokens.put(refreshToken, now.plus(this.refreshTokenLifetime));
		return new TokenPair(accessToken, refreshToken);
	}

	/**
	 * Whether an access token was issued here and is still valid.
	 * @param accessToken the token from a {@code Bearer} header
	 * @return whether it may be used
	 */
	boolean isValidAccessToken(String accessToken) {
		Instant expiry = this.accessTokens.get(accessToken);
		return expiry != null && Instant.now().isBefore(expiry);
	}

	/**
	 * Exchanges a valid refresh token for a new pair; the old refresh token stops
	 * working.
	 * @param refreshToken the refresh token presented
	 * @param subject the user the tokens are for
	 * @return the new pair, or empty when the token is unknown or expired
	 */
	Optional<TokenPair> refresh(String refreshToken, String subject) {
		Instant expiry = this.refreshTokens.remove(refreshToken);
		if (expiry == null || !Instant.now().isBefore(expiry)) {
			return Optional.empty();
		}
		return Optional.of(issue(subject));
	}

	/**
	 * Invalidates a refresh token, as a logout does.
	 * @param refreshToken the refresh token
	 */
	void revoke(String refreshToken) {
		this.refreshTokens.remove(refreshToken);
	}

	/** Treats every access token issued so far as expired. */
	void expireAccessTokens() {
		this.accessTokens.clear();
	}

	/** Treats every refresh token issued so far as expired. */
	void expireRefreshTokens() {
		this.refreshTokens.clear();
	}

	private String accessToken(String subject, Instant issuedAt, Instant expiresAt) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", subject);
		claims.put("iat", issuedAt.getEpochSecond());
		claims.put("exp", expiresAt.getEpochSecond());
		claims.put("jti", randomToken());
		try {
			String signingInput = HEADER + "." + base64Url(this.json.writeValueAsString(claims));
			return signingInput + "." + this.signer.signBase64Url(signingInput.getBytes(StandardCharsets.US_ASCII));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write token claims", ex);
		}
	}

	private String randomToken() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private void forgetExpired(Instant now) {
		this.accessTokens.values().removeIf((expiry) -> !now.isBefore(expiry));
		this.refreshTokens.values().removeIf((expiry) -> !now.isBefore(expiry));
	}

	private static String base64Url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * An access token with its refresh token.
	 *
	 * @param accessToken the JWT-shaped access token
	 * @param refreshToken the opaque refresh token
	 */
	record TokenPair(String accessToken, String refreshToken) {
	}

}
