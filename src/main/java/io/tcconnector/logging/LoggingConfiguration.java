package io.tcconnector.logging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event's ids in the MDC of every log line written while it is handled.
 */
@Configuration(proxyBeanMethods = false)
public class LoggingConfiguration {

	@Bean
	EventMdcUnitOfWorkFactory eventMdcUnitOfWorkFactory() {
		return new EventMdcUnitOfWorkFactory();
	}

}
