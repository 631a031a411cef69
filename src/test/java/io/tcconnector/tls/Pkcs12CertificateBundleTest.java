package io.tcconnector.tls;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

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
 * A certificate from a PKCS12 key store in an SSL bundle is served, and replaced when the
 * key store file changes.
 */
@ConnectorTest
class Pkcs12CertificateBundleTest {

	@Autowired
	TestConnector connector;

	static final String PASSWORD = "keystore-test-password";

	static final Path keyStore = keyStorePath();

	static X509Certificate first;

	@LocalServerPort
	int port;

	static Path keyStorePath() {
		try {
			Path store = Files.createTempDirectory("p12-bundle").resolve("webhook.p12");
			first = writeKeyStore(store);
			return store;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Issues a new self-signed certificate and writes it with its key as a PKCS12 file.
	 */
	static X509Certificate writeKeyStore(Path store) throws Exception {
		Path folder = Files.createTempDirectory("p12-source");
		SelfSignedCertificate pem = new SelfSignedCertificate(folder.resolve("cert.pem"), folder.resolve("key.pem"));
		pem.generate("webhooks.example.test");
		String key = Files.readString(pem.privateKey()).replaceAll("-----[A-Z ]+-----|\\s", "");
		PrivateKey privateKey = KeyFactory.getInstance("EC")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
		X509Certificate certificate = pem.read();
		KeyStore p12 = KeyStore.getInstance("PKCS12");
		p12.load(null, null);
		p12.setKeyEntry("webhook", privateKey, PASSWORD.toCharArray(), new Certificate[] { certificate });
		Path temporary = store.resolveSibling("webhook.p12.tmp");
		try (OutputStream out = Files.newOutputStream(temporary)) {
			p12.store(out, PASSWORD.toCharArray());
		}
		Files.move(temporary, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return certificate;
	}

	@DynamicPropertySource
	static void connectorProperties(DynamicPropertyRegistry registry) {
		registry.add("server.ssl.bundle", () -> "webhook");
		registry.add("spring.ssl.bundle.jks.webhook.reload-on-update", () -> "true");
		registry.add("spring.ssl.bundle.jks.webhook.keystore.location", () -> "file:" + keyStore);
		registry.add("spring.ssl.bundle.jks.webhook.keystore.password", () -> PASSWORD);
		registry.add("spring.ssl.bundle.jks.webhook.keystore.type", () -> "PKCS12");
		registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "200ms");
	}

	@Test
	void servesTheKeyStoreCertificateAndTheRenewedOneAfterTheFileChanges() throws Exception {
		assertThat(TlsProbe.servedCertificate(this.port)).isEqualTo(first);

		X509Certificate renewed = writeKeyStore(keyStore);

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(TlsProbe.servedCertificate(this.port)).isEqualTo(renewed));
	}

}
