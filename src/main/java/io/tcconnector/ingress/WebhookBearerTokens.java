package io.tcconnector.ingress;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tcconnector.config.TradecloudProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Checks a bearer token Tradecloud sends: an OAuth2 access token (a JWT) when OAuth2 is
 * configured, validated by {@link WebhookJwtDecoder}; otherwise one of the static tokens.
 * A token shaped like a JWT is only ever checked as a JWT: one that fails validation is
 * refused, never compared with the static tokens.
 */
@Component
public class WebhookBearerTokens {

	private static final Logger log = LoggerFactory.getLogger(WebhookBearerTokens.class);

	private final WebhookCredentials credentials;

	private final JwtAuthenticationProvider jwt;

	public WebhookBearerTokens(WebhookCredentials credentials, TradecloudProperties properties) {
		this.credentials = credentials;
		TradecloudProperties.OAuth2 oauth2 = properties.webhook().oauth2();
		this.jwt = oauth2.isEnabled() ? new JwtAuthenticationProvider(WebhookJwtDecoder.of(oauth2)) : null;
		if (this.jwt != null) {
			log.info("Webhook authentication: OAuth2 access tokens from {} for {}", oauth2.issuerUri(),
					oauth2.audience());
		}
	}

	/**
	 * The authentication manager of the bearer scheme.
	 * @return a manager checking {@link BearerTokenAuthenticationToken}s
	 */
	public AuthenticationManager manager() {
		return this::authenticate;
	}

	private Authentication authenticate(Authentication authentication) {
		String token = ((BearerTokenAuthenticationToken) authentication).getToken();
		if (this.jwt != null && looksLikeJwt(token)) {
			try {
				Jwt valid = (Jwt) this.jwt.authenticate(authentication).getPrincipal();
				return new PreAuthenticatedAuthenticationToken(valid.getSubject(), null,
						AuthorityUtils.createAuthorityList("ROLE_WEBHOOK"));
			}
			catch (AuthenticationException ex) {
				log.warn("Refused an OAuth2 access token: {}", ex.getMessage());
				throw ex;
			}
		}
		if (this.credentials.matchesBearer(token)) {
			return new PreAuthenticatedAuthenticationToken("tradecloud", null,
					AuthorityUtils.createAuthorityList("ROLE_WEBHOOK"));
		}
		throw new BadCredentialsException("unknown bearer token");
	}

	/**
	 * Whether a token has the shape of a JWT: three dot-separated parts, the first a
	 * base64url JSON object.
	 */
	static boolean looksLikeJwt(String token) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return false;
		}
		try {
			String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8).strip();
			return header.startsWith("{") && header.contains("\"alg\"");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
