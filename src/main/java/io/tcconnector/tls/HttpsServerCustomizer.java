package io.tcconnector.tls;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.tcconnector.config.TradecloudProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Makes the webhook port HTTPS with TLS 1.2 and 1.3 only, whatever the certificate
 * source: a Spring Boot SSL bundle ({@code server.ssl.bundle}, PEM or PKCS12, reloaded
 * when its files change), plain {@code server.ssl.*} key store settings, or, when nothing
 * is configured, a self-signed localhost certificate generated under the data directory.
 * {@code server.ssl.enabled=false} turns HTTPS off for a TLS-terminating proxy in front.
 * Whatever the source, the certificate served is an SSL bundle, so that Spring Boot's
 * {@code ssl_chain_expiry_seconds} metric and {@code ssl} health cover it.
 */
@Component
public class HttpsServerCustomizer
		implements WebServerFactoryCustomizer<AbstractConfigurableWebServerFactory>, Ordered {

	/** Name of the SSL bundle holding the generated development certificate. */
	public static final String DEVELOPMENT_BUNDLE = "tradecloud-development";

	/** Name of the SSL bundle made of plain {@code server.ssl.*} key store settings. */
	public static final String SERVER_SSL_BUNDLE = "tradecloud-server-ssl";

	/** The only protocols the webhook port speaks. */
	public static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

	private static final Logger log = LoggerFactory.getLogger(HttpsServerCustomizer.class);

	private final TradecloudProperties properties;

	private final SslBundleRegistry registry;

	public HttpsServerCustomizer(TradecloudProperties properties, SslBundleRegistry registry) {
		this.properties = properties;
		this.registry = registry;
	}

	@Override
	public int getOrder() {
		// after Spring Boot's own customizer has applied server.ssl.*
		return 10;
	}

	@Override
	public void customize(AbstractConfigurableWebServerFactory factory) {
		Ssl ssl = factory.getSsl();
		if (ssl != null && !ssl.isEnabled()) {
			log.warn("HTTPS is off (server.ssl.enabled=false): the webhook port speaks plain HTTP. "
					+ "Only do this behind a proxy that terminates TLS.");
			return;
		}
		if (ssl == null || (ssl.getBundle() == null && ssl.getKeyStore() == null && ssl.getCertificate() == null)) {
			ssl = developmentCertificate();
			factory.setSsl(ssl);
		}
		else if (ssl.getBundle() == null) {
			// plain server.ssl.* key store settings: served as a bundle, so that its
			// expiry is measured like that of any other
			ssl.setEnabledProtocols(limit(ssl.getEnabledProtocols(), "server.ssl"));
			this.registry.registerBundle(SERVER_SSL_BUNDLE, WebServerSslBundle.get(ssl));
			ssl.setBundle(SERVER_SSL_BUNDLE);
		}
		factory.setSslBundles(new ProtocolLimitedSslBundles(factory.getSslBundles()));
	}

	private Ssl developmentCertificate() {
		Path folder = this.properties.dataDir().resolve("tls");
		SelfSignedCertificate certificate = SelfSignedCertificate.inFolder(folder, "localhost");
		PemSslStoreDetails keyStore = PemSslStoreDetails
			.forCertificate("file:" + certificate.certificate().toAbsolutePath())
			.withPrivateKey("file:" + certificate.privateKey().toAbsolutePath());
		this.registry.registerBundle(DEVELOPMENT_BUNDLE, SslBundle.of(new PemSslStoreBundle(keyStore, null)));
		log.warn(
				"No TLS certificate configured: serving a self-signed certificate for localhost from {}. "
						+ "Tradecloud refuses self-signed certificates: configure server.ssl.bundle with a certificate "
						+ "from a recognised CA before going live (see README).",
				certificate.certificate().toAbsolutePath());
		return Ssl.forBundle(DEVELOPMENT_BUNDLE);
	}

	/**
	 * The protocols to enable: those asked for, less any below TLS 1.2; both TLS 1.2 and
	 * 1.3 when none are asked for.
	 */
	static String[] limit(String[] requested, String source) {
		if (requested == null || requested.length == 0) {
			return PROTOCOLS.toArray(String[]::new);
		}
		String[] allowed = Arrays.stream(requested).filter(PROTOCOLS::contains).toArray(String[]::new);
		if (allowed.length == 0) {
			throw new IllegalStateException(source + " enables " + String.join(", ", requested)
					+ "; the webhook port only speaks " + String.join(" and ", PROTOCOLS));
		}
		if (allowed.length < requested.length) {
			log.warn("{} asks for {}; only {} are enabled", source, String.join(", ", requested),
					String.join(", ", allowed));
		}
		return allowed;
	}

	/**
	 * The configured SSL bundles, each limited to TLS 1.2 and 1.3, also when a bundle is
	 * reloaded after its files changed.
	 */
	private static final class ProtocolLimitedSslBundles implements SslBundles {

		private final SslBundles bundles;

		ProtocolLimitedSslBundles(SslBundles bundles) {
			this.bundles = bundles;
		}

		@Override
		public SslBundle getBundle(String name) throws NoSuchSslBundleException {
			return limited(name, this.bundles.getBundle(name));
		}

		@Override
		public void addBundleUpdateHandler(String name, Consumer<SslBundle> updateHandler)
				throws NoSuchSslBundleException {
			this.bundles.addBundleUpdateHandler(name, (bundle) -> updateHandler.accept(limited(name, bundle)));
		}

		@Override
		public void addBundleRegisterHandler(BiConsumer<String, SslBundle> registerHandler) {
			this.bundles
				.addBundleRegisterHandler((name, bundle) -> registerHandler.accept(name, limited(name, bundle)));
		}

		@Override
		public List<String> getBundleNames() {
			return this.bundles.getBundleNames();
		}

		private static SslBundle limited(String name, SslBundle bundle) {
			SslOptions options = bundle.getOptions();
			String[] protocols = limit(options.getEnabledProtocols(), "SSL bundle " + name);
			return SslBundle.of(bundle.getStores(), bundle.getKey(), SslOptions.of(options.getCiphers(), protocols),
					bundle.getProtocol(), bundle.getManagers());
		}

	}

}
