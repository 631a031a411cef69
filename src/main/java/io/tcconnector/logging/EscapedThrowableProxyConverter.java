package io.tcconnector.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * {@code %safeEx} in a logback pattern: Spring Boot's stack trace ({@code %wEx}), each
 * exception's message with its control characters escaped ({@link ControlCharacters}): a
 * message that quotes a body (an ERP's answer, a document name) cannot start a line that
 * looks like a log line of its own.
 */
public class EscapedThrowableProxyConverter extends ExtendedWhitespaceThrowableProxyConverter {

	@Override
	protected String throwableProxyToString(IThrowableProxy proxy) {
		return super.throwableProxyToString(new Escaped(proxy));
	}

	/** A throwable proxy whose messages, and those of its causes, are escaped. */
	private record Escaped(IThrowableProxy proxy) implements IThrowableProxy {

		@Override
		public String getMessage() {
			return ControlCharacters.escape(this.proxy.getMessage());
		}

		@Override
		public String getClassName() {
			return this.proxy.getClassName();
		}

		@Override
		public StackTraceElementProxy[] getStackTraceElementProxyArray() {
			return this.proxy.getStackTraceElementProxyArray();
		}

		@Override
		public int getCommonFrames() {
			return this.proxy.getCommonFrames();
		}

		@Override
		public IThrowableProxy getCause() {
			return (this.proxy.getCause() != null) ? new Escaped(this.proxy.getCause()) : null;
		}

		@Override
		public IThrowableProxy[] getSuppressed() {
			IThrowableProxy[] suppressed = this.proxy.getSuppressed();
			if (suppressed == null) {
				return null;
			}
			IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
			for (int i = 0; i < suppressed.length; i++) {
				escaped[i] = new Escaped(suppressed[i]);
			}
			return escaped;
		}

		@Override
		public boolean isCyclic() {
			return this.proxy.isCyclic();
		}

	}

}
