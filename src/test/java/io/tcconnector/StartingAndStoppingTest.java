package io.tcconnector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLSocket;

import io.tcconnector.support.TestConnector;
import org.apache.camel.CamelContext;
import org.apache.catalina.Container;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardWrapper;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web server takes requests before the routes run and after they stop (the connector
 * starting, or stopping for a restart): such a webhook is answered 503, which Tradecloud
 * retries, never 404, which it would not, and nothing is taken. A webhook still arriving
 * when the connector is told to stop (SIGTERM: {@code systemctl stop}, a pod deleted, the
 * Windows service stopped) is taken and answered before the routes and the broker stop.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartingAndStoppingTest {

	final TestConnector connector = new TestConnector();

	@Test
	void aWebhookArrivingWhileTheRoutesDoNotRunIsAnswered503() throws Exception {
		byte[] order = TestConnector
			.asNewEvent(TestConnector.read(Path.of("src/test/resources/samples/order-event.json")));
		try (ConfigurableApplicationContext context = this.connector.startOnDefaults()) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			context.getBean(CamelContext.class).stop();

			HttpResponse<String> answer = this.connector.post(port, order, "application/json");

			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.body()).contains("\"error\":\"not_ready\"");
			assertThat(answer.headers().firstValue("Retry-After")).isPresent();
			assertThat(this.connector.orderFiles()).isEmpty();
		}
	}

	@Test
	void aWebhookInFlightWhenTheConnectorIsToldToStopIsTakenAndAnsweredAndDeliveredAfterTheRestart(
			CapturedOutput output) throws Exception {
		String messageId = "in-flight-at-stop-" + System.nanoTime();
		byte[] order = TestConnector
			.withMessageId(TestConnector.read(Path.of("src/test/resources/samples/order-event.json")), messageId);
		ConfigurableApplicationContext context = this.connector.startOnDefaults();
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		try (SSLSocket socket = (SSLSocket) TestConnector
			.trusting(this.connector.dataDir().resolve("tls/localhost-cert.pem"))
			.getSocketFactory()
			.createSocket("localhost", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			// the request line, the headers and half of the body: the request is in
			// flight
			out.write(("POST /webhooks/tradecloud HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
					+ TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD)
					+ "\r\nContent-Type: application/json\r\nContent-Length: " + order.length
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(Arrays.copyOfRange(order, 0, order.length / 2));
			out.flush();
			await().atMost(Duration.ofSeconds(20)).until(() -> inFlight(context));

			// what a SIGTERM does: Spring Boot's shutdown hook closes the context
			CompletableFuture<Void> stopped = CompletableFuture.runAsync(context::close);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> output.getOut().contains("Commencing graceful shutdown"));
			out.write(Arrays.copyOfRange(order, order.length / 2, order.length));
			out.flush();

			BufferedReader answer = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			String status = answer.readLine();
			StringBuilder rest = new StringBuilder();
			for (String line = answer.readLine(); line != null; line = answer.readLine()) {
				rest.append(line).append('\n');
			}
			assertThat(status).as(rest.toString()).isEqualTo("HTTP/1.1 202 ");
			assertThat(rest).contains("\"status\":\"accepted\"").contains(messageId);
			stopped.get();
		}
		finally {
			context.close();
		}

		// the event 202 promised is on disk: the next start delivers it, once
		try (ConfigurableApplicationContext restarted = this.connector.startOnDefaults()) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.connector.orderFiles().stream().anyMatch((file) -> read(file).contains(messageId)));
			assertThat(this.connector.orderFiles()).filteredOn((file) -> read(file).contains(messageId)).hasSize(1);
		}
	}

	/**
	 * Whether a request is in progress, as Spring Boot's graceful shutdown of Tomcat sees
	 * it (the requests it waits for): in a servlet, or in an asynchronous request the
	 * servlet started (platform-http hands each request to its own pool).
	 */
	static boolean inFlight(ConfigurableApplicationContext context) {
		Tomcat tomcat = ((TomcatWebServer) ((ServletWebServerApplicationContext) context).getWebServer()).getTomcat();
		for (Container web : tomcat.getHost().findChildren()) {
			if (((StandardContext) web).getInProgressAsyncCount() > 0) {
				return true;
			}
			for (Container servlet : web.findChildren()) {
				if (((StandardWrapper) servlet).getCountAllocated() > 0) {
					return true;
				}
			}
		}
		return false;
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
