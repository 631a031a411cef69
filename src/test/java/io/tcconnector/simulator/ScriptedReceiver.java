package io.tcconnector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tcconnector.tls.SelfSignedCertificate;

/**
 * A webhook receiver standing in for the connector in tests: answers each request with
 * the next status of a script (the last one repeats), or drops or stalls the connection,
 * and records what arrived.
 */
final class ScriptedReceiver implements AutoCloseable {

	/** Closes the connection without answering. */
	static final int DROP = -1;

	/** Answers nothing until the receiver is closed, so the sender times out. */
	static final int STALL = -2;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final Deque<Integer> script;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	private ScriptedReceiver(HttpServer server, List<Integer> script) {
		this.server = server;
		this.script = new ArrayDeque<>(script);
		server.setExecutor(this.executor);
		server.createContext("/", this::answer);
		server.start();
	}

	static ScriptedReceiver http(Integer... script) throws IOException {
		return new ScriptedReceiver(HttpServer.create(loopback(), 0), List.of(script));
	}

	static ScriptedReceiver https(SelfSignedCertificate certificate, Integer... script) throws Exception {
		HttpsServer server = HttpsServer.create(loopback(), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(sslContext(certificate)));
		return new ScriptedReceiver(server, List.of(script));
	}

	URI uri(String path) {
		String scheme = (this.server instanceof HttpsServer) ? "https" : "http";
		return URI.create(scheme + "://localhost:" + this.server.getAddress().getPort() + path);
	}

	List<Received> received() {
		return this.received;
	}

	@Override
	public void close() {
		this.closing.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			this.received.add(new Received(System.nanoTime(), exchange.getRequestMethod(),
					exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
					exchange.getRequestHeaders().getFirst("Content-Type"), in.readAllBytes()));
		}
		int action = nextAction();
		if (action == STALL) {
			awaitClosing();
		}
		if (action == DROP || action == STALL) {
			exchange.close();
			return;
		}
		byte[] body = ("{\"answer\":" + action + "}").getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(action, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private synchronized int nextAction() {
		return (this.script.size() > 1) ? this.script.poll() : this.script.peek();
	}

	private void awaitClosing() {
		try {
			this.closing.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static InetSocketAddress loopback() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
	}

	private static SSLContext sslContext(SelfSignedCertificate certificate) throws Exception {
		String pem = Files.readString(certificate.privateKey());
		byte[] der = Base64.getMimeDecoder()
			.decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", ""));
		PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		keyStore.load(null, null);
		char[] password = "test".toCharArray();
		keyStore.setKeyEntry("receiver", key, password, new Certificate[] { certificate.read() });
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keyStore, password);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), null, null);
		return context;
	}

	/**
	 * One request as it arrived.
	 *
	 * @param arrivedAtNanos {@link System#nanoTime()} on arrival
	 * @param method the method
	 * @param path the path
	 * @param authorization the Authorization header
	 * @param contentType the Content-Type header
	 * @param body the body
	 */
	record Received(long arrivedAtNanos, String method, String path, String authorization, String contentType,
			byte[] body) {
	}

}
