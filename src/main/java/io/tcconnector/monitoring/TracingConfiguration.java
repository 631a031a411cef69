package io.tcconnector.monitoring;

import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.spring.boot.CamelContextConfiguration;

import org.springframework.boot.actuate.autoconfigure.tracing.ConditionalOnEnabledTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

/**
 * Traces, when {@code management.tracing.enabled} (off by default): Micrometer Tracing on
 * OpenTelemetry, set up by Spring Boot (exported over OTLP to
 * {@code management.otlp.tracing.endpoint}), and Camel's spans on the same OpenTelemetry
 * (camel-opentelemetry2, which finds Spring Boot's tracer and propagators): a span per
 * route and per endpoint sent to, the W3C {@code traceparent} carried on every queue
 * message and sent to the ERP, so that one event is one trace from the webhook through
 * the queues to the ERP call and the document downloads.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEnabledTracing
public class TracingConfiguration {

	/**
	 * Camel's OpenTelemetry tracer, on the Camel context before its routes start (there
	 * is no Spring Boot starter of camel-opentelemetry2 to do it).
	 * @return the configuration
	 */
	@Bean
	CamelContextConfiguration camelOpenTelemetry() {
		return new CamelContextConfiguration() {

			@Override
			public void beforeApplicationStart(CamelContext camelContext) {
				new OpenTelemetryTracer().init(camelContext);
			}

			@Override
			public void afterApplicationStart(CamelContext camelContext) {
			}

		};
	}

	/**
	 * Carries the current observation (the webhook request's span) to the thread that
	 * platform-http hands the request to, so that the route's span is its child.
	 * @return the decorator of Spring Boot's task executor
	 */
	@Bean
	TaskDecorator contextPropagatingTaskDecorator() {
		return new ContextPropagatingTaskDecorator();
	}

}
