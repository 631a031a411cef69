package io.tcconnector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of the settings: defaults with nothing set, and the webhook passwords of a
 * rotation in each of the forms an operator may write them.
 */
class TradecloudPropertiesTest {

	@Test
	void defaultsApplyWithNothingSet() {
		TradecloudProperties properties = BoundProperties.defaults();
		assertThat(properties.outputDir()).isEqualTo(Path.of("outbox"));
		assertThat(properties.webhook().maxBodySize()).isEqualTo(DataSize.ofMegabytes(10));
		assertThat(properties.webhook().acknowledge()).isEqualTo(TradecloudProperties.Acknowledge.ASYNC);
		assertThat(properties.webhook().acceptedBearerTokens()).isEmpty();
		assertThat(properties.webhook().basic().acceptedPasswords()).isEmpty();
		assertThat(properties.webhook().oauth2().isEnabled()).isFalse();
		assertThat(properties.webhook().oauth2().algorithms()).containsExactly("RS256");
		assertThat(properties.api().downloadTimeout()).isEqualTo(Duration.ofMinutes(30));
		assertThat(properties.delivery().maxRetries()).isEqualTo(30);
		assertThat(properties.targets().deadLetterQueue()).isEqualTo("tradecloud.dead-letters");
		assertThat(properties.erp().isEnabled()).isFalse();
		assertThat(properties.admin().isEnabled()).isFalse();
	}

	@Test
	void passwordsAsACommaList() {
		TradecloudProperties properties = BoundProperties
			.of(Map.of("tradecloud.webhook.basic.username", "tc", "tradecloud.webhook.basic.password", "new,old"));
		assertThat(properties.webhook().basic().acceptedPasswords()).containsExactly("new", "old");
	}

	@Test
	void passwordsAsAYamlList() {
		TradecloudProperties properties = BoundProperties.of(Map.of("tradecloud.webhook.basic.username", "tc",
				"tradecloud.webhook.basic.password[0]", "a,b", "tradecloud.webhook.basic.password[1]", "old"));
		assertThat(properties.webhook().basic().acceptedPasswords()).containsExactly("a,b", "old");
	}

	@Test
	void passwordsAsIndexedEnvironmentVariables() {
		SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.of("TRADECLOUD_WEBHOOK_BASIC_USERNAME", "tc", "TRADECLOUD_WEBHOOK_BASIC_PASSWORD_0_", "a,b",
						"TRADECLOUD_WEBHOOK_BASIC_PASSWORD_1_", "old", "TRADECLOUD_ADMIN_USERNAME", "ops",
						"TRADECLOUD_ADMIN_PASSWORD", "secret"));
		TradecloudProperties properties = new Binder(ConfigurationPropertySources.from(environment))
			.bindOrCreate("tradecloud", Bindable.of(TradecloudProperties.class));
		assertThat(properties.webhook().basic().acceptedPasswords()).containsExactly("a,b", "old");
		assertThat(properties.admin()).isEqualTo(new TradecloudProperties.Credentials("ops", "secret"));
		assertThat(properties.admin().isEnabled()).isTrue();
	}

	@Test
	void noPasswordWithoutAUserName() {
		TradecloudProperties properties = BoundProperties.of(Map.of("tradecloud.webhook.basic.password", "p"));
		assertThat(properties.webhook().basic().acceptedPasswords()).isEmpty();
	}

}
