package io.tcconnector.config;

import java.util.List;
import java.util.Objects;

import io.tcconnector.erp.ErpTarget;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings that make no sense stop the connector at start, with a message that names the
 * property: what Spring Boot prints under "APPLICATION FAILED TO START".
 */
class InvalidSettingsTest {

	final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

	@Test
	void validSettingsStart() {
		this.runner
			.withPropertyValues("tradecloud.erp.url=https://erp.example.com/orders", "tradecloud.erp.bearer-token=t",
					"tradecloud.webhook.acknowledge=sync")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TradecloudProperties properties = context.getBean(TradecloudProperties.class);
				assertThat(properties.webhook().acknowledge()).isEqualTo(TradecloudProperties.Acknowledge.SYNC);
				assertThat(properties.delivery().maxRetries()).isEqualTo(30);
			});
	}

	@Test
	void anErpWithBothBasicAndABearerToken() {
		assertThat(failureOf("tradecloud.erp.url=https://erp.example.com/orders", "tradecloud.erp.basic.username=erp",
				"tradecloud.erp.basic.password=secret", "tradecloud.erp.bearer-token=t"))
			.contains("tradecloud.erp")
			.contains("basic and bearer-token");
	}

	@Test
	void anAcknowledgeModeThatDoesNotExist() {
		assertThat(failureOf("tradecloud.webhook.acknowledge=maybe")).contains("tradecloud.webhook.acknowledge")
			.contains("maybe");
	}

	@Test
	void negativeRetries() {
		// Spring Boot prints a validation failure under the record component's name
		assertThat(failureOf("tradecloud.delivery.max-retries=-1"))
			.containsAnyOf("tradecloud.delivery.max-retries", "tradecloud.delivery.maxRetries")
			.contains("greater than or equal to 0");
	}

	@Test
	void noConsumers() {
		assertThat(failureOf("tradecloud.delivery.consumers=0")).contains("tradecloud.delivery.consumers")
			.contains("greater than or equal to 1");
	}

	/**
	 * Starts with the settings, which must fail.
	 * @return the failure as Spring Boot reports it at start
	 */
	String failureOf(String... settings) {
		String[] description = new String[1];
		this.runner.withPropertyValues(settings).run((context) -> {
			assertThat(context).hasFailed();
			description[0] = reported(context.getStartupFailure());
		});
		return description[0];
	}

	/**
	 * What Spring Boot's failure analyzers make of a start-up failure, or the most
	 * specific cause's message when none of them knows it.
	 */
	static String reported(Throwable failure) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, ex) -> {
			}));
		return analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.map(FailureAnalysis::getDescription)
			.findFirst()
			.orElseGet(() -> NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TradecloudProperties.class)
	@Import(ErpTarget.class)
	static class Settings {

	}

}
