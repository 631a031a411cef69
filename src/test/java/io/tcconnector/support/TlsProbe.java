package io.tcconnector.support;

import java.io.IOException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import io.tcconnector.simulator.WebhookSender;

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
