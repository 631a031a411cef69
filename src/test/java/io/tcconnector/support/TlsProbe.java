package io.tcconnector.support;

import java.io.IOException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

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
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new InspectOnly() }, null);
		return (X509Certificate) handshake(port, context, "TLSv1.3", "TLSv1.2").getPeerCertificates()[0];
	}

	/** Accepts any certificate: only for looking at which one is served. */
	private static final class InspectOnly implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
