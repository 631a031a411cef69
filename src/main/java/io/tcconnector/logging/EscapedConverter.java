package io.tcconnector.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %safe(...)} in a logback pattern: what the pattern inside writes, its control
 * characters escaped ({@link ControlCharacters}). Used around the message and the MDC
 * values of the text log ({@code logging.pattern.console}).
 */
public class EscapedConverter extends CompositeConverter<ILoggingEvent> {

	@Override
	protected String transform(ILoggingEvent event, String in) {
		return ControlCharacters.escape(in);
	}

}
