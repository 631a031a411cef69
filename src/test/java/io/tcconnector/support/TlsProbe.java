package io.tcconnector.support;

import java.io.IOException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.tcconnector.simulator.WebhookSender;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens raw TLS connections to see what the connector's port negotiates and which
 * certificate it serves.
 */
public final class TlsProbe {

	private TlsProbe() {
	}

	/**
	 * Performs a handshake offering only the given protocols.
	 * @param port the HTTPS port on localhost
	 * @param context the client's SSL context
	 * @param protocols the protocols the client offers
	 * @return the session
	 * @throws IOException when the handshake fails
	 */
	public static SSLSession handshake(int port, SSLContext context, String... protocols) throws IOException {
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
			socket.setSoTimeout(5000);
			socket.setEnabledProtocols(protocols);
			socket.startHandshake();
			return socket.getSession();
		}
	}

	/**
	 * Offers one protocol only and expects the server to refuse it: the client did offer
	 * it (it stays enabled on the socket, and the JVM does not disable it, see surefire's
	 * argLine) and the refusal is the server's alert, not the client's own "no
	 * appropriate protocol" before anything was sent.
	 * @param port the HTTPS port on localhost
	 * @param context the client's SSL context
	 * @param protocol the protocol offered, e.g. TLSv1.1
	 * @return the server's refusal
	 * @throws IOException when no connection is possible
	 */
	public static SSLException refusedByTheServer(int port, SSLContext context, String protocol) throws IOException {
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
			socket.setSoTimeout(5000);
			socket.setEnabledProtocols(new String[] { protocol });
			assertThat(socket.getEnabledProtocols()).as("the client offers " + protocol).containsExactly(protocol);
			assertThat(java.security.Security.getProperty("jdk.tls.disabledAlgorithms"))
				.as("the test JVM allows %s (surefire's argLine)", protocol)
				.doesNotContainPattern("(^|[ ,])" + java.util.regex.Pattern.quote(protocol) + "($|[ ,])");
			try {
				socket.startHandshake();
			}
			catch (SSLException refused) {
				assertThat(refused.getMessage()).as("refused by the server after the client offered " + protocol)
					.contains("Received fatal alert");
				return refused;
			}
			throw new AssertionError(protocol + " was accepted: " + socket.getSession().getProtocol());
		}
	}

	/**
	 * The certificate the port serves, whoever signed it.
	 * @param port the HTTPS port on localhost
	 * @return the leaf certificate
	 * @throws Exception when no handshake is possible
	 */
	public static X509Certificate servedCertificate(int port) throws Exception {
		SSLContext inspectOnly = WebhookSender.insecureClient().sslContext();
		return (X509Certificate) handshake(port, inspectOnly, "TLSv1.3", "TLSv1.2").getPeerCertificates()[0];
	}

}
