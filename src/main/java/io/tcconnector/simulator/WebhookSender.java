package io.tcconnector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a webhook body to a receiver the way Tradecloud does: {@code POST} or {@code PUT}
 * with the event as JSON or tXML and the configured {@code Authorization} header, retried
 * with exponential back-off only when there is no answer (connection refused or dropped,
 * timeout) or the status is above 500. A 2xx is delivered; a 4xx or a 500 is final.
 */
public class WebhookSender {

	/** How long one attempt may wait for its answer unless told otherwise. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client;

	private final RetryPolicy policy;

	private final Duration requestTimeout;

	/**
	 * A sender with the default timeout per attempt.
	 * @param client the HTTP client, e.g. {@link #insecureClient()} for the connector's
	 * development certificate
	 * @param policy when to retry
	 */
	public WebhookSender(HttpClient client, RetryPolicy policy) {
		this(client, policy, DEFAULT_REQUEST_TIMEOUT);
	}

	/**
	 * A sender.
	 * @param client the HTTP client
	 * @param policy when to retry
	 * @param requestTimeout how long one attempt waits for its answer
	 */
	public WebhookSender(HttpClient client, RetryPolicy policy, Duration requestTimeout) {
		this.client = Objects.requireNonNull(client, "client");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
	}

	/**
	 * Sends one webhook, retrying as Tradecloud does until it is delivered, fails for
	 * good or the policy's attempts are used up. Sleeps between attempts; when
	 * interrupted it stops and returns what it has.
	 * @param target the receiver's URL
	 * @param method {@code POST} or {@code PUT}
	 * @param body the event
	 * @param contentType {@code application/json} or {@code application/xml}
	 * @param authorization the whole {@code Authorization} header value, or null for none
	 * @return how it ended
	 */
	public SendResult send(URI target, String method, byte[] body, String contentType, String authorization) {
		String verb = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
		if (!verb.equals("POST") && !verb.equals("PUT")) {
			throw new IllegalArgumentException("Tradecloud sends webhooks with POST or PUT, not " + method);
		}
		HttpRequest request = request(target, verb, body, contentType, authorization);
		int status = -1;
		String lastBody = null;
		int attempt = 0;
		while (attempt < this.policy.maxAttempts()) {
			attempt++;
			if (!sleep(this.policy.delayBefore(attempt))) {
				attempt--;
				break;
			}
			try {
				HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
				status = response.statusCode();
				lastBody = response.body();
				logger.info("webhook {} {} attempt {}: status {}", verb, describe(target), attempt, status);
				if (!RetryPolicy.isRetryable(status)) {
					break;
				}
			}
			catch (IOException ex) {
				status = -1;
				lastBody = null;
				logger.info("webhook {} {} attempt {}: no answer ({})", verb, describe(target), attempt, ex.toString());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				logger.info("webhook {} {} attempt {}: interrupted", verb, describe(target), attempt);
				status = -1;
				lastBody = null;
				break;
			}
		}
		return new SendResult(status, attempt, lastBody);
	}

	/**
	 * An HTTP client that trusts any certificate and any host name: for sending to the
	 * connector's self-signed development certificate on localhost only, never to a real
	 * receiver.
	 * @return the client
	 */
	public static HttpClient insecureClient() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new TrustingAnyCertificate() }, new SecureRandom());
			return clientWith(context);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot set up TLS", ex);
		}
	}

	/**
	 * An HTTP client that trusts only the certificates in a PEM file (for example the
	 * connector's development certificate) and still checks host names.
	 * @param pemCertificate a PEM file with one or more certificates
	 * @return the client
	 * @throws IOException when the file cannot be read
	 * @throws GeneralSecurityException when it holds no usable certificate
	 */
	public static HttpClient trusting(Path pemCertificate) throws IOException, GeneralSecurityException {
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		trusted.load(null, null);
		try (InputStream in = Files.newInputStream(pemCertificate)) {
			int index = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				trusted.setCertificateEntry("trusted-" + index++, certificate);
			}
			if (index == 0) {
				throw new GeneralSecurityException("No certificate in " + pemCertificate);
			}
		}
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), new SecureRandom());
		return clientWith(context);
	}

	private HttpRequest request(URI target, String verb, byte[] body, String contentType, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(target)
			.timeout(this.requestTimeout)
			.header("Content-Type", Objects.requireNonNull(contentType, "contentType"))
			.method(verb, HttpRequest.BodyPublishers.ofByteArray(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return request.build();
	}

	private static HttpClient clientWith(SSLContext context) {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.sslContext(context)
			.build();
	}

	private static boolean sleep(Duration delay) {
		if (delay.isZero()) {
			return true;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(delay.toNanos());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String describe(URI target) {
		return target.getScheme() + "://" + target.getHost() + ((target.getPort() != -1) ? ":" + target.getPort() : "")
				+ ((target.getRawPath() != null) ? target.getRawPath() : "");
	}

	/**
	 * Accepts every certificate chain without checking it or the host name; local use
	 * only.
	 */
	private static final class TrustingAnyCertificate extends X509ExtendedTrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
