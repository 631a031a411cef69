package io.tcconnector.ingress;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Errors Tomcat answers itself, before a request reaches the connector (a header over
 * {@code server.max-http-request-header-size}, a malformed request line), get a short
 * JSON body like every other error, not Tomcat's HTML page. Once the connector is
 * stopping, such an error is answered 503 instead: a request cut short by the graceful
 * stop (Tomcat answered it 400) is then sent again by Tradecloud, which gives up on a
 * 4xx.
 */
@Component
public class JsonTomcatErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered,
		ApplicationListener<ContextClosedEvent> {

	private final AtomicBoolean stopping = new AtomicBoolean();

	private final ApplicationContext context;

	public JsonTomcatErrors(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.stopping.set(true);
		}
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
				host.getPipeline().addValve(new JsonErrorReportValve(this.stopping));
			}
		});
	}

	/** After Spring Boot's own Tomcat customizer, which adds an HTML error valve. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Writes {@code {"error": "...", "detail": "..."}} for an error answer without a
	 * body.
	 */
	public static class JsonErrorReportValve extends ErrorReportValve {

		private final AtomicBoolean stopping;

		/** A valve for a connector that never says it is stopping (Tomcat's own use). */
		public JsonErrorReportValve() {
			this(new AtomicBoolean());
		}

		JsonErrorReportValve(AtomicBoolean stopping) {
			this.stopping = stopping;
		}

		@Override
		protected void report(Request request, Response response, Throwable failure) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			boolean stoppingNow = this.stopping.get() && status < 500;
			if (stoppingNow) {
				status = 503;
				response.setStatus(status);
			}
			String error = switch (status) {
				case 400 -> "bad_request";
				case 404 -> "not_found";
				case 408 -> "request_timeout";
				case 413 -> "payload_too_large";
				case 431 -> "headers_too_large";
				default -> (status >= 500) ? "server_error" : "request_refused";
			};
			try {
				response.setContentType("application/json");
				response.setCharacterEncoding(StandardCharsets.UTF_8.name());
				Writer writer = response.getReporter();
				if (writer != null) {
					writer.write(stoppingNow
							? "{\"error\":\"unavailable\",\"detail\":\"the connector is stopping: send it again\"}"
							: "{\"error\":\"" + error + "\",\"detail\":\"the request was refused (HTTP " + status
									+ "), for example a header over the size limit\"}");
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client is gone; nothing to tell it
			}
		}

	}

}
