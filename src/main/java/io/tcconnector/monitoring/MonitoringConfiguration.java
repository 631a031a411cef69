package io.tcconnector.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcconnector.config.TradecloudProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metrics of deliveries to the targets.
 */
@Configuration(proxyBeanMethods = false)
public class MonitoringConfiguration {

	/**
	 * Counts and times deliveries per target; Camel picks up event notifier beans when it
	 * starts.
	 * @param meters the meter registry
	 * @param properties the settings
	 * @return the notifier
	 */
	@Bean
	DeliveryMetrics deliveryMetrics(MeterRegistry meters, TradecloudProperties properties) {
		return new DeliveryMetrics(meters, properties.targets());
	}

}
