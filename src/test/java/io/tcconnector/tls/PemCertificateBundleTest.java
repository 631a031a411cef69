package io.tcconnector.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import io.tcconnector.support.TlsProbe;
import io.tcconnector.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real certificate from a PEM SSL bundle is served instead of a generated one, and a
 * renewed certificate is served as soon as its files change, without a restart.
 */
@ConnectorTest
class PemCertificateBundleTest {

	@Autowired
	TestConnector connector;

	static final SelfSignedCertificate certificate = issue();

	@LocalServerPort
	int port;

	static SelfSignedCertificate issue() {
		try {
			Path folder = Files.createTempDirectory("pem-bundle");
			SelfSignedCertificate files = new SelfSignedCertificate(folder.resolve("fullchain.pem"),
					folder.resolve("privkey.pem"));
			files.generate("webhooks.example.test");
			return files;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@DynamicPropertySource
	static void connectorProperties(DynamicPropertyRegistry registry) {
		registry.add("server.ssl.bundle", () -> "webhook");
		registry.add("spring.ssl.bundle.pem.webhook.reload-on-update", () -> "true");
		registry.add("spring.ssl.bundle.pem.webhook.keystore.certificate", () -> "file:" + certificate.certificate());
		registry.add("spring.ssl.bundle.pem.webhook.keystore.private-key", () -> "file:" + certificate.privateKey());
		registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "200ms");
	}

	@Test
	void servesTheBundleCertificateAndTheRenewedOneAfterTheFilesChange() throws Exception {
		assertThat(TlsProbe.servedCertificate(this.port)).isEqualTo(certificate.read());
		assertThat(connector.dataDir().resolve("tls/localhost-cert.pem")).doesNotExist();

		certificate.generate("webhooks.example.test");

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(TlsProbe.servedCertificate(this.port)).isEqualTo(certificate.read()));
		assertThat(TlsProbe.handshake(this.port, TestConnector.trusting(certificate.certificate()), "TLSv1.2")
			.getProtocol()).isEqualTo("TLSv1.2");
		assertThat(TlsProbe.refusedByTheServer(this.port, TestConnector.trusting(certificate.certificate()), "TLSv1.1"))
			.isInstanceOf(javax.net.ssl.SSLException.class);
	}

}
