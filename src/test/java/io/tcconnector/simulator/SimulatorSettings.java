package io.tcconnector.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link TradecloudSimulator}: where it listens, the integration user it
 * accepts and how long the things it issues stay valid. Immutable; change a copy with the
 * {@code with...} methods, e.g.
 * {@code SimulatorSettings.forTests().withAccessTokenLifetime(Duration.ofSeconds(2))}.
 *
 * @param port the loopback port to listen on, 0 for a free port
 * @param userEmail the email of the integration user
 * @param userPassword the password of the integration user
 * @param accessTokenLifetime how long an access token from login or refresh is valid
 * @param refreshTokenLifetime how long a refresh token is valid
 * @param downloadUrlLifetime how long a presigned download URL from the document metadata
 * is valid ({@link Duration#ZERO}: already expired when issued)
 */
public record SimulatorSettings(int port, String userEmail, String userPassword, Duration accessTokenLifetime,
		Duration refreshTokenLifetime, Duration downloadUrlLifetime) {

	/** The port the command line listens on unless told otherwise. */
	public static final int DEFAULT_PORT = 18080;

	/** The integration user's email unless told otherwise. */
	public static final String DEFAULT_USER_EMAIL = "integration@example.com";

	/** The integration user's password unless told otherwise. */
	public static final String DEFAULT_USER_PASSWORD = "simulator-password";

	/**
	 * Checks the settings.
	 * @param port the port, 0 to 65535
	 * @param userEmail the integration user's email
	 * @param userPassword the integration user's password
	 * @param accessTokenLifetime not negative
	 * @param refreshTokenLifetime not negative
	 * @param downloadUrlLifetime not negative
	 */
	public SimulatorSettings {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
		}
		Objects.requireNonNull(userEmail, "userEmail");
		Objects.requireNonNull(userPassword, "userPassword");
		requireNotNegative(accessTokenLifetime, "accessTokenLifetime");
		requireNotNegative(refreshTokenLifetime, "refreshTokenLifetime");
		requireNotNegative(downloadUrlLifetime, "downloadUrlLifetime");
	}

	/**
	 * The defaults of the command line: port 18080, the default integration user, access
	 * tokens valid 60 s, refresh tokens 10 min, download URLs 30 s.
	 * @return the default settings
	 */
	public static SimulatorSettings defaults() {
		return new SimulatorSettings(DEFAULT_PORT, DEFAULT_USER_EMAIL, DEFAULT_USER_PASSWORD, Duration.ofSeconds(60),
				Duration.ofMinutes(10), Duration.ofSeconds(30));
	}

	/**
	 * The defaults with a free port, for tests that run in parallel.
	 * @return the default settings on port 0
	 */
	public static SimulatorSettings forTests() {
		return defaults().withPort(0);
	}

	/**
	 * A copy listening on another port.
	 * @param port the port, 0 for a free one
	 * @return the changed copy
	 */
	public SimulatorSettings withPort(int port) {
		return new SimulatorSettings(port, this.userEmail, this.userPassword, this.accessTokenLifetime,
				this.refreshTokenLifetime, this.downloadUrlLifetime);
	}

	/**
	 * A copy accepting another integration user.
	 * @param email the user's email
	 * @param password the user's password
	 * @return the changed copy
	 */
	public SimulatorSettings withUser(String email, String password) {
		return new SimulatorSettings(this.port, email, password, this.accessTokenLifetime, this.refreshTokenLifetime,
				this.downloadUrlLifetime);
	}

	/**
	 * A copy issuing access tokens with another lifetime.
	 * @param lifetime the access token lifetime
	 * @return the changed copy
	 */
	public SimulatorSettings withAccessTokenLifetime(Duration lifetime) {
		return new SimulatorSettings(this.port, this.userEmail, this.userPassword, lifetime, this.refreshTokenLifetime,
				this.downloadUrlLifetime);
	}

	/**
	 * A copy issuing refresh tokens with another lifetime.
	 * @param lifetime the refresh token lifetime
	 * @return the changed copy
	 */
	public SimulatorSettings withRefreshTokenLifetime(Duration lifetime) {
		return new SimulatorSettings(this.port, this.userEmail, this.userPassword, this.accessTokenLifetime, lifetime,
				this.downloadUrlLifetime);
	}

	/**
	 * A copy issuing presigned download URLs with another lifetime.
	 * @param lifetime the download URL lifetime
	 * @return the changed copy
	 */
	public SimulatorSettings withDownloadUrlLifetime(Duration lifetime) {
		return new SimulatorSettings(this.port, this.userEmail, this.userPassword, this.accessTokenLifetime,
				this.refreshTokenLifetime, lifetime);
	}

	@Override
	public String toString() {
		return "SimulatorSettings[port=" + this.port + ", userEmail=" + this.userEmail + ", accessTokenLifetime="
				+ this.accessTokenLifetime + ", refreshTokenLifetime=" + this.refreshTokenLifetime
				+ ", downloadUrlLifetime=" + this.downloadUrlLifetime + "]";
	}

	private static void requireNotNegative(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative: " + duration);
		}
	}

}
