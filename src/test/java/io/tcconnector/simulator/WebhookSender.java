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
 * <p>
 * A sender made with
 * {@link #withOAuth2(HttpClient, RetryPolicy, URI, String, String, String)} gets an
 * access token from an identity provider such as Entra ID (client credentials,
 * {@code client_secret_post}) and sends it as {@code Authorization: Bearer} with
 * {@link #send(URI, String, byte[], String)}; it keeps the token until
 * {@link #TOKEN_RENEWAL_MARGIN} before its {@code expires_in} runs out.
 */
public class WebhookSender {

	/** How long one attempt may wait for its answer unless told otherwise. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How long before its {@code expires_in} runs out a kept OAuth2 token is replaced; a
	 * token that lives shorter is fetched for every attempt.
	 */
	public static final Duration TOKEN_RENEWAL_MARGIN = Duration.ofSeconds(60);

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client;

	private final RetryPolicy policy;

	private final Duration requestTimeout;

	private final ClientCredentialsToken oauth2;

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
		this(client, policy, requestTimeout, null);
	}

	private WebhookSender(HttpClient client, RetryPolicy policy, Duration requestTimeout,
			ClientCredentialsToken oauth2) {
		this.client = Objects.requireNonNull(client, "client");
		this.policy = Objects.requireNonNull(policy, "policy");
		this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
		this.oauth2 = oauth2;
	}

	/**
	 * A sender that authenticates with an OAuth2 access token, the way Tradecloud does
	 * with Entra ID: it gets the token from the token endpoint with the client
	 * credentials grant ({@code client_secret_post}), keeps it for every webhook until
	 * {@link #TOKEN_RENEWAL_MARGIN} before its {@code expires_in} runs out, and drops it
	 * when a receiver answers 401. A token request without answer or answered 5xx counts
	 * as an attempt without answer and is retried; one answered 4xx (client or scope
	 * refused) ends the send at once with status -1. Uses the default timeout per
	 * attempt.
	 * @param client the HTTP client, for the token endpoint and the receiver
	 * @param policy when to retry
	 * @param tokenUrl the token endpoint, e.g.
	 * {@code https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token}
	 * @param clientId the client (application) id
	 * @param clientSecret the client secret
	 * @param scope the scope, e.g. {@code api://connector/.default}
	 * @return the sender; use {@link #send(URI, String, byte[], String)}
	 */
	public static WebhookSender withOAuth2(HttpClient client, RetryPolicy policy, URI tokenUrl, String clientId,
			String clientSecret, String scope) {
		return withOAuth2(client, policy, DEFAULT_REQUEST_TIMEOUT, tokenUrl, clientId, clientSecret, scope);
	}

	/**
	 * A sender that authenticates with an OAuth2 access token, see
	 * {@link #withOAuth2(HttpClient, RetryPolicy, URI, String, String, String)}.
	 * @param client the HTTP client, for the token endpoint and the receiver
	 * @param policy when to retry
	 * @param requestTimeout how long one attempt, and one token request, waits for its
	 * answer
	 * @param tokenUrl the token endpoint
	 * @param clientId the client (application) id
	 * @param clientSecret the client secret
	 * @param scope the scope, e.g. {@code api://connector/.default}
	 * @return the sender; use {@link #send(URI, String, byte[], String)}
	 */
	public static WebhookSender withOAuth2(HttpClient client, RetryPolicy policy, Duration requestTimeout, URI tokenUrl,
			String clientId, String clientSecret, String scope) {
		return new WebhookSender(client, policy, requestTimeout,
				new ClientCredentialsToken(client, tokenUrl, clientId, clientSecret, scope, requestTimeout));
	}

	/**
	 * Sends one webhook with the sender's own credentials: the OAuth2 token of a sender
	 * made with
	 * {@link #withOAuth2(HttpClient, RetryPolicy, URI, String, String, String)}, no
	 * {@code Authorization} header for any other. Retries as
	 * {@link #send(URI, String, byte[], String, String)} does.
	 * @param target the receiver's URL
	 * @param method {@code POST} or {@code PUT}
	 * @param body the event
	 * @param contentType {@code application/json} or {@code application/xml}
	 * @return how it ended
	 */
	public SendResult send(URI target, String method, byte[] body, String contentType) {
		return deliver(target, method, body, contentType, this.oauth2, null);
	}

	/**
	 * Sends one webhook, retrying as Tradecloud does until it is delivered, fails for
	 * good or the policy's attempts are used up. Sleeps between attempts; when
	 * interrupted it stops and returns what it has.
	 * @param target the receiver's URL
	 * @param method {@code POST} or {@code PUT}
	 * @param body the event
	 * @param contentType {@code application/json} or {@code application/xml}
	 * @param authorization the whole {@code Authorization} header value, or null for
	 * none; sent as given, also by a sender made with {@code withOAuth2}
	 * @return how it ended
	 */
	public SendResult send(URI target, String method, byte[] body, String contentType, String authorization) {
		return deliver(target, method, body, contentType, null, authorization);
	}

	private SendResult deliver(URI target, String method, byte[] body, String contentType,
			ClientCredentialsToken tokens, String authorization) {
		String verb = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
		if (!verb.equals("POST") && !verb.equals("PUT")) {
			throw new IllegalArgumentException("Tradecloud sends webhooks with POST or PUT, not " + method);
		}
		Objects.requireNonNull(contentType, "contentType");
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
				String header = (tokens != null) ? tokens.authorization() : authorization;
				HttpResponse<String> response = this.client.send(request(target, verb, body, contentType, header),
						HttpResponse.BodyHandlers.ofString());
				status = response.statusCode();
				lastBody = response.body();
				logger.info("webhook {} {} attempt {}: status {}", verb, describe(target), attempt, status);
				if (status == 401 && tokens != null) {
					// The token may have been revoked or its key retired: the next send
					// fetches a new one.
					tokens.forget();
				}
				if (!RetryPolicy.isRetryable(status)) {
					break;
				}
			}
			catch (ClientCredentialsToken.TokenRequestException ex) {
				status = -1;
				lastBody = null;
				logger.warn("webhook {} {} attempt {}: no token ({})", verb, describe(target), attempt,
						ex.getMessage());
				if (!ex.retryable()) {
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
