package io.tcconnector.ingress;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tcconnector.config.TradecloudProperties;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestTemplate;

/**
 * Builds the decoder that validates the OAuth2 access tokens Tradecloud sends
 * ({@code tradecloud.webhook.oauth2.*}) with Spring Security's resource server support:
 * the signature against the issuer's published keys (fetched again when a token names a
 * key not seen before), only with the allowed asymmetric algorithms (never {@code none},
 * never HMAC), the issuer (both Entra ID forms of one tenant), the audience, expiry and
 * not-before within the clock skew, and, when configured, the client application.
 */
final class WebhookJwtDecoder {

	private static final Pattern ENTRA_V2 = Pattern.compile("https://login\\.microsoftonline\\.com/([^/]+)/v2\\.0/?");

	private static final Pattern ENTRA_V1 = Pattern.compile("https://sts\\.windows\\.net/([^/]+)/?");

	private static final Duration KEYS_TIMEOUT = Duration.ofSeconds(10);

	private WebhookJwtDecoder() {
	}

	/**
	 * The decoder for the settings.
	 * @param settings {@code tradecloud.webhook.oauth2}
	 * @return the decoder
	 * @throws IllegalStateException when the settings are incomplete or allow what must
	 * not be allowed
	 */
	static JwtDecoder of(TradecloudProperties.OAuth2 settings) {
		List<String> audiences = settings.audience().stream().filter(StringUtils::hasText).toList();
		if (audiences.isEmpty()) {
			throw new IllegalStateException("tradecloud.webhook.oauth2.audience is not set: an access token must be "
					+ "meant for this connector (its application id URI or client id)");
		}
		Set<SignatureAlgorithm> algorithms = algorithms(settings.algorithms());
		Set<String> issuers = issuers(settings.issuerUri());
		RestTemplate keys = new RestTemplate(requestFactory());
		NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder builder = (settings.jwkSetUri() != null)
				? NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri().toString())
				: NimbusJwtDecoder.withIssuerLocation(settings.issuerUri().get(0).strip());
		NimbusJwtDecoder decoder = builder.restOperations(keys).jwsAlgorithms((allowed) -> {
			allowed.clear();
			allowed.addAll(algorithms);
		}).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(settings.clockSkew()),
				required("exp"), issuer(issuers), audience(audiences), client(settings.allowedClientIds())));
		return decoder;
	}

	/**
	 * The issuers accepted: those configured, and for an Entra ID issuer the other form
	 * of the same tenant.
	 */
	static Set<String> issuers(List<String> configured) {
		Set<String> issuers = new LinkedHashSet<>();
		for (String issuer : configured) {
			if (!StringUtils.hasText(issuer)) {
				continue;
			}
			String trimmed = issuer.strip();
			issuers.add(trimmed);
			Matcher v2 = ENTRA_V2.matcher(trimmed);
			Matcher v1 = ENTRA_V1.matcher(trimmed);
			if (v2.matches()) {
				issuers.add("https://sts.windows.net/" + v2.group(1) + "/");
			}
			else if (v1.matches()) {
				issuers.add("https://login.microsoftonline.com/" + v1.group(1) + "/v2.0");
			}
		}
		return issuers;
	}

	private static Set<SignatureAlgorithm> algorithms(List<String> names) {
		Set<SignatureAlgorithm> algorithms = new LinkedHashSet<>();
		for (String name : names) {
			SignatureAlgorithm algorithm = SignatureAlgorithm.from(name.strip());
			if (algorithm == null) {
				throw new IllegalStateException("tradecloud.webhook.oauth2.algorithms: " + name
						+ " is not allowed; only asymmetric signatures (RS256, RS384, RS512, ES256, ES384, ES512, "
						+ "PS256, PS384, PS512)");
			}
			algorithms.add(algorithm);
		}
		if (algorithms.isEmpty()) {
			throw new IllegalStateException("tradecloud.webhook.oauth2.algorithms is empty");
		}
		return algorithms;
	}

	private static OAuth2TokenValidator<Jwt> required(String claim) {
		return (jwt) -> (jwt.getClaims().get(claim) != null) ? OAuth2TokenValidatorResult.success()
				: failure("the token has no " + claim + " claim");
	}

	private static OAuth2TokenValidator<Jwt> issuer(Set<String> accepted) {
		return (jwt) -> {
			Object issuer = jwt.getClaims().get("iss");
			return (issuer != null && accepted.contains(issuer.toString())) ? OAuth2TokenValidatorResult.success()
					: failure("the token was issued by " + issuer + ", not by an accepted issuer");
		};
	}

	private static OAuth2TokenValidator<Jwt> audience(List<String> accepted) {
		return (jwt) -> {
			List<String> audiences = (jwt.getAudience() != null) ? jwt.getAudience() : List.of();
			return audiences.stream().anyMatch(accepted::contains) ? OAuth2TokenValidatorResult.success()
					: failure("the token is meant for " + audiences + ", not for this connector");
		};
	}

	private static OAuth2TokenValidator<Jwt> client(Collection<String> allowedClientIds) {
		List<String> allowed = new ArrayList<>(allowedClientIds.stream().filter(StringUtils::hasText).toList());
		return (jwt) -> {
			if (allowed.isEmpty()) {
				return OAuth2TokenValidatorResult.success();
			}
			// azp in v2 tokens, appid in v1 tokens
			Object client = (jwt.getClaims().get("azp") != null) ? jwt.getClaims().get("azp")
					: jwt.getClaims().get("appid");
			return (client != null && allowed.contains(client.toString())) ? OAuth2TokenValidatorResult.success()
					: failure("the token was requested by client " + client + ", not by an allowed client");
		};
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
	}

	private static JdkClientHttpRequestFactory requestFactory() {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(KEYS_TIMEOUT).build());
		factory.setReadTimeout(KEYS_TIMEOUT);
		return factory;
	}

}
