package io.tcconnector.ingress;

import java.security.MessageDigest;
import java.util.List;

import io.tcconnector.codec.Codecs;
import io.tcconnector.config.TradecloudProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The webhook credentials Tradecloud may present: one Basic user name with one or more
 * passwords, and one or more static bearer tokens. Several of a kind at once allow a
 * rotation without downtime. Checks take the same time whichever credential matches, or
 * none, and however much of it matches.
 */
@Component
public class WebhookCredentials {

	private static final Logger log = LoggerFactory.getLogger(WebhookCredentials.class);

	private final byte[] username;

	private final List<byte[]> passwords;

	private final List<byte[]> bearerTokens;

	private final boolean oauth2;

	private final byte[] adminUsername;

	private final byte[] adminPassword;

	public WebhookCredentials(TradecloudProperties properties) {
		TradecloudProperties.Webhook webhook = properties.webhook();
		List<String> acceptedPasswords = webhook.basic().acceptedPasswords();
		this.username = acceptedPasswords.isEmpty() ? null : digest(webhook.basic().username());
		this.passwords = acceptedPasswords.stream().map(WebhookCredentials::digest).toList();
		this.bearerTokens = webhook.acceptedBearerTokens().stream().map(WebhookCredentials::digest).toList();
		TradecloudProperties.Credentials admin = properties.admin();
		this.adminUsername = admin.isEnabled() ? digest(admin.username()) : null;
		this.adminPassword = admin.isEnabled() ? digest(admin.password()) : null;
		this.oauth2 = webhook.oauth2().isEnabled();
		if (!hasAny()) {
			log.error("No webhook credentials are configured: every webhook will be refused with 401. "
					+ "Set tradecloud.webhook.basic.username and .password (TRADECLOUD_WEBHOOK_BASIC_USERNAME, "
					+ "TRADECLOUD_WEBHOOK_BASIC_PASSWORD), tradecloud.webhook.bearer-token "
					+ "(TRADECLOUD_WEBHOOK_BEARERTOKEN) or tradecloud.webhook.oauth2.issuer-uri and .audience "
					+ "to what is configured in the Tradecloud portal.");
		}
		else {
			log.info("Webhook authentication: Basic {} ({} password(s)), static bearer {} ({} token(s)), OAuth2 {}",
					hasBasic() ? "on" : "off", this.passwords.size(), hasBearer() ? "on" : "off",
					this.bearerTokens.size(), this.oauth2 ? "on" : "off");
		}
	}

	/**
	 * Whether Basic authentication is configured.
	 * @return true when a user name and at least one password are set
	 */
	public boolean hasBasic() {
		return this.username != null;
	}

	/**
	 * Whether any webhook credential is configured: Basic, static bearer tokens or
	 * OAuth2.
	 * @return false when every webhook is refused
	 */
	public boolean hasAny() {
		return hasBasic() || hasBearer() || this.oauth2;
	}

	/**
	 * Whether bearer tokens are accepted: static ones or OAuth2 access tokens.
	 * @return true when either is configured
	 */
	public boolean acceptsBearer() {
		return hasBearer() || this.oauth2;
	}

	/**
	 * Whether static bearer tokens are configured.
	 * @return true when at least one token is set
	 */
	public boolean hasBearer() {
		return !this.bearerTokens.isEmpty();
	}

	/**
	 * Checks Basic credentials.
	 * @param username the user name presented
	 * @param password the password presented
	 * @return whether they match the user name and one of the passwords
	 */
	public boolean matchesBasic(String username, String password) {
		if (!hasBasic() || username == null || password == null) {
			return false;
		}
		boolean user = MessageDigest.isEqual(this.username, digest(username));
		return matchesAny(digest(password), this.passwords) & user;
	}

	/**
	 * Checks the operator's Basic credentials.
	 * @param username the user name presented
	 * @param password the password presented
	 * @return whether they are the operator's
	 */
	public boolean matchesAdmin(String username, String password) {
		if (this.adminUsername == null || username == null || password == null) {
			return false;
		}
		boolean user = MessageDigest.isEqual(this.adminUsername, digest(username));
		return MessageDigest.isEqual(this.adminPassword, digest(password)) & user;
	}

	/**
	 * Checks a static bearer token.
	 * @param token the token presented
	 * @return whether it matches one of the tokens
	 */
	public boolean matchesBearer(String token) {
		return token != null && matchesAny(digest(token), this.bearerTokens);
	}

	private static boolean matchesAny(byte[] presented, List<byte[]> accepted) {
		boolean match = false;
		for (byte[] candidate : accepted) {
			match |= MessageDigest.isEqual(candidate, presented);
		}
		return match;
	}

	/** Digests first, so that comparing takes the same time whatever the lengths. */
	private static byte[] digest(String secret) {
		return Codecs.sha256(secret);
	}

}
