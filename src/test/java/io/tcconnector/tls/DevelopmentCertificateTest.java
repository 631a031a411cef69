package io.tcconnector.tls;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import io.tcconnector.support.TlsProbe;
import io.tcconnector.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no certificate configured, the connector serves a self-signed localhost
 * certificate it generated under the data folder, says Tradecloud will refuse it, and
 * speaks TLS 1.2 and 1.3 only (the test JVM itself would allow 1.0 and 1.1).
 */
// a connector of its own (this setting makes it so): its start-up warning is checked
@ConnectorTest("logging.level.io.tcconnector.tls=INFO")
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentCertificateTest {

	@Autowired
	TestConnector connector;

	@LocalServerPort
	int port;

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext context;

	SSLContext trustingTheGeneratedCertificate() {
		return TestConnector.trusting(connector.dataDir().resolve("tls/localhost-cert.pem"));
	}

	@Test
	void servesTheGeneratedLocalhostCertificateAndWarns(CapturedOutput output) throws Exception {
		SelfSignedCertificate files = new SelfSignedCertificate(connector.dataDir().resolve("tls/localhost-cert.pem"),
				connector.dataDir().resolve("tls/localhost-key.pem"));
		X509Certificate served = TlsProbe.servedCertificate(this.port);
		assertThat(served).isEqualTo(files.read());
		assertThat(served.getSubjectAlternativeNames()).extracting((name) -> (Object) name.get(1))
			.contains((Object) "localhost", (Object) "127.0.0.1");
		assertThat(output).contains("self-signed certificate for localhost").contains("Tradecloud refuses");
	}

	@Test
	void tls13AndTls12AreAccepted() throws Exception {
		SSLSession tls13 = TlsProbe.handshake(this.port, trustingTheGeneratedCertificate(), "TLSv1.3");
		assertThat(tls13.getProtocol()).isEqualTo("TLSv1.3");
		SSLSession tls12 = TlsProbe.handshake(this.port, trustingTheGeneratedCertificate(), "TLSv1.2");
		assertThat(tls12.getProtocol()).isEqualTo("TLSv1.2");

		HttpResponse<String> answer = connector.post(this.port,
				TestConnector.read(Path.of("src/test/resources/samples/order-event.json")), "application/json");
		assertThat(answer.statusCode()).isEqualTo(202);
		assertThat(answer.sslSession()).hasValueSatisfying((s) -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
	}

	@Test
	void tls11AndTls10AreRefused() throws Exception {
		for (String legacy : List.of("TLSv1.1", "TLSv1")) {
			assertThat(TlsProbe.refusedByTheServer(this.port, trustingTheGeneratedCertificate(), legacy)).as(legacy)
				.isInstanceOf(SSLException.class);
		}
	}

	@Test
	void thereIsNoPlainHttpListener() throws Exception {
		try (java.net.Socket socket = new java.net.Socket("localhost", this.port)) {
			socket.setSoTimeout(5000);
			// Connection: close, so that a plain listener's answer ends and is read
			socket.getOutputStream()
				.write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes());
			String reply = new String(socket.getInputStream().readAllBytes(),
					java.nio.charset.StandardCharsets.US_ASCII);
			// the TLS port reads the plain request as a failed handshake and says TLS is
			// required; a plain listener would answer the health check
			assertThat(reply).doesNotContain("200").startsWith("HTTP/1.1 400").contains("requires TLS");
		}
		// and the web server has no other port: every connector speaks TLS
		org.apache.catalina.connector.Connector[] connectors = ((org.springframework.boot.web.embedded.tomcat.TomcatWebServer) this.context
			.getWebServer()).getTomcat().getService().findConnectors();
		assertThat(connectors).isNotEmpty()
			.allSatisfy((connector) -> assertThat(connector.getSecure()).as("port %d secure", connector.getLocalPort())
				.isTrue());
	}

}
