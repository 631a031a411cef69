package io.tcconnector.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The log as {@code logging.structured.format.console} writes it (Spring Boot's
 * structured log encoder, ECS or Logstash), kept in memory while a test runs: an appender
 * of its own on the root logger, since the JVM's log is set up once by whichever
 * connector of the test run started first.
 */
public final class JsonLogCapture implements AutoCloseable {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

	private JsonLogCapture(String format) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		this.appender.setContext(context);
		this.appender.setName("json-log-capture");
		this.appender.setEncoder(encoder);
		this.appender.setOutputStream(this.out);
		this.appender.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this.appender);
	}

	/**
	 * Starts keeping the log.
	 * @param format {@code ecs} or {@code logstash}
	 * @return the capture, to close when done
	 */
	public static JsonLogCapture start(String format) {
		return new JsonLogCapture(format);
	}

	/**
	 * The lines written so far.
	 * @return the lines
	 */
	public List<String> lines() {
		String text;
		synchronized (this.out) {
			text = this.out.toString(StandardCharsets.UTF_8);
		}
		return Arrays.stream(text.split("\n", -1)).filter((line) -> !line.isEmpty()).toList();
	}

	@Override
	public void close() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this.appender);
		this.appender.stop();
	}

}
