package io.tcconnector.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input over real HTTPS: bodies built to exhaust the parsers (nesting, huge
 * strings and numbers, deep XML), headers over the limit, clients that stall, wrong
 * credentials carrying secrets, Actuator endpoints that are not exposed. Each is answered
 * with its status and a short JSON body that echoes nothing; nothing is written; the
 * connector stays healthy.
 */
@ConnectorTest({ "server.tomcat.connection-timeout=1500ms", "server.tomcat.keep-alive-timeout=1500ms" })
@AutoConfigureObservability
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest {

	@Autowired
	TestConnector connector;

	final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@AfterEach
	void healthyAndNothingWritten() throws Exception {
		HttpResponse<String> health = connector.send(this.port, "GET", "/actuator/health", null, null, null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("UP");
		assertThat(connector.orderFiles()).isEmpty();
		connector.assertNoMoreOn("tradecloud.orders");
	}

	void assertRefused(HttpResponse<String> answer, int status, String detailPart) throws Exception {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode body = this.json.readTree(answer.body());
		assertThat(body.path("detail").asText()).contains(detailPart);
		assertThat(answer.body()).hasSizeLessThan(400).doesNotContain("Exception").doesNotContain("\tat ");
	}

	HttpResponse<String> post(String body, String contentType) {
		return connector.post(this.port, body.getBytes(StandardCharsets.UTF_8), contentType);
	}

	@Test
	void jsonNestedDeeperThanTheLimitIsRefusedWithoutParsingItAll() throws Exception {
		String nested = "{\"orderEvent\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_001);
		assertRefused(post(nested, "application/json"), 400, "nesting depth");
	}

	@Test
	void aHugeJsonStringOrNumberIsRefused() throws Exception {
		String hugeString = "{\"eventName\":\"" + "x".repeat(1_200_000) + "\",\"orderEvent\":{}}";
		assertRefused(post(hugeString, "application/json"), 400, "String value length");
		String hugeNumber = "{\"orderEvent\":{\"version\":" + "9".repeat(5_000) + "}}";
		assertRefused(post(hugeNumber, "application/json"), 400, "Number value length");
	}

	@Test
	void xmlNestedDeeperThanTheLimitIsRefused() throws Exception {
		String nested = "<e><orderEvent>" + "<a>".repeat(2_000) + "1" + "</a>".repeat(2_000) + "</orderEvent></e>";
		assertRefused(post(nested, "application/xml"), 400, "XML");
	}

	@Test
	void xmlWithEntitiesOrExternalReferencesIsRefusedAndNothingIsFetched() throws Exception {
		String laughs = """
				<?xml version="1.0"?>
				<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
				<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
				<e><eventName>&lol3;</eventName><orderEvent><orderId>o-1</orderId></orderEvent></e>""";
		assertRefused(post(laughs, "application/xml"), 400, "DOCTYPE");
		String external = """
				<?xml version="1.0"?>
				<!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
				<e><eventName>&xxe;</eventName><orderEvent><orderId>o-1</orderId></orderEvent></e>""";
		assertRefused(post(external, "application/xml"), 400, "DOCTYPE");
	}

	@Test
	void headersOverTheLimitAreRefusedWithAShortJsonAnswer() throws Exception {
		String big = "Basic " + Base64.getEncoder().encodeToString(("x:" + "y".repeat(20_000)).getBytes());
		HttpResponse<String> answer = connector.send(this.port, "POST", "/webhooks/tradecloud",
				"{}".getBytes(StandardCharsets.UTF_8), "application/json", big);
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(answer.body()).path("error").asText()).isEqualTo("bad_request");
		assertThat(answer.body()).doesNotContain("<html").doesNotContain("Tomcat");
	}

	@Test
	void aClientThatStallsInTheMiddleOfItsBodyIsCutOff() throws Exception {
		try (SSLSocket socket = tls()) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /webhooks/tradecloud HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
					+ TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD)
					+ "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"orderEvent\":")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			// then nothing more: the connector gives up on the body and closes
			assertThat(readUntilClosed(socket)).as("closed well within the socket's own 20 s").isTrue();
		}
	}

	@Test
	void aClientThatStallsInTheMiddleOfItsHeadersIsCutOff() throws Exception {
		try (SSLSocket socket = tls()) {
			socket.getOutputStream().write("POST /webhooks/tradecloud HTTP/1.1\r\nHost: loc".getBytes());
			socket.getOutputStream().flush();
			assertThat(readUntilClosed(socket)).isTrue();
		}
	}

	@Test
	void wrongCredentialsAreNeitherEchoedNorLogged(CapturedOutput output) throws Exception {
		String secret = "guessed-secret-" + System.nanoTime();
		HttpResponse<String> basic = connector.send(this.port, "POST", "/webhooks/tradecloud", "{}".getBytes(),
				"application/json", TestConnector.basic(TestConnector.USER, secret));
		HttpResponse<String> bearer = connector.send(this.port, "POST", "/webhooks/tradecloud", "{}".getBytes(),
				"application/json", TestConnector.bearer(secret));
		assertRefused(basic, 401, "credentials");
		assertRefused(bearer, 401, "credentials");
		assertThat(basic.body() + bearer.body()).doesNotContain(secret);
		java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
		String basicEncoded = base64
			.encodeToString((TestConnector.USER + ":" + secret).getBytes(StandardCharsets.UTF_8));
		String secretEncoded = base64.encodeToString(secret.getBytes(StandardCharsets.UTF_8));
		assertThat(output.getAll()).contains("Refused POST /webhooks/tradecloud")
			.doesNotContain(secret)
			.as("nor its Basic encoding, as in a logged Authorization header")
			.doesNotContain(basicEncoded)
			.doesNotContain(secretEncoded);
		assertThat(basic.body() + bearer.body()).doesNotContain(basicEncoded);
	}

	@Test
	void actuatorShowsOnlyHealthAndWithCredentialsMetricsAndInfo() throws Exception {
		String auth = TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD);
		for (String hidden : new String[] { "/actuator/env", "/actuator/beans", "/actuator/heapdump",
				"/actuator/configprops", "/actuator/loggers", "/actuator/threaddump", "/actuator/mappings" }) {
			assertThat(connector.send(this.port, "GET", hidden, null, null, null).statusCode()).as(hidden)
				.isEqualTo(401);
			HttpResponse<String> withCredentials = connector.send(this.port, "GET", hidden, null, null, auth);
			assertThat(withCredentials.statusCode()).as(hidden).isEqualTo(404);
			assertThat(withCredentials.body()).doesNotContain("password").doesNotContain("PASSWORD");
		}
		assertThat(connector.send(this.port, "GET", "/actuator/prometheus", null, null, auth).statusCode())
			.isEqualTo(200);
		assertThat(connector.send(this.port, "GET", "/actuator/health", null, null, null).body())
			.isEqualTo("{\"status\":\"UP\"}");
	}

	SSLSocket tls() throws IOException {
		SSLSocket socket = (SSLSocket) TestConnector.trusting(connector.dataDir().resolve("tls/localhost-cert.pem"))
			.getSocketFactory()
			.createSocket("localhost", this.port);
		socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
		socket.startHandshake();
		return socket;
	}

	/** Reads until the server closes; false when it was the client's own time-out. */
	static boolean readUntilClosed(SSLSocket socket) {
		long start = System.nanoTime();
		try {
			InputStream in = socket.getInputStream();
			while (in.read() != -1) {
				// an error answer, then the close
			}
			return Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
