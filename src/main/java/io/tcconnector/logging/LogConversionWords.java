package io.tcconnector.logging;

import ch.qos.logback.classic.PatternLayout;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Makes {@code %safe(...)} ({@link EscapedConverter}) and {@code %safeEx}
 * ({@link EscapedThrowableProxyConverter}) known to logback before Spring Boot configures
 * the log from {@code logging.pattern.*}: registered in
 * {@code META-INF/spring.factories}, it runs when the application starts, before the log
 * is set up.
 */
public class LogConversionWords implements ApplicationListener<ApplicationStartingEvent> {

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent("safe", EscapedConverter::new);
		PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent("safeEx", EscapedThrowableProxyConverter::new);
	}

}
