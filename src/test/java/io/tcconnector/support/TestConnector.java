package io.tcconnector.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcconnector.ConnectorApplication;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import jakarta.jms.Message;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.support.builder.ExpressionBuilder;
import org.apache.camel.support.builder.PredicateBuilder;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * One connector under test: its own output and data folders, its own broker port, and
 * clients that talk to it the way Tradecloud and outside consumers do (HTTPS trusting the
 * connector's certificate, JMS over the broker's TCP acceptor).
 */
public final class TestConnector {

	/** The Basic user name every test connector accepts. */
	public static final String USER = "tradecloud";

	/** The current Basic password. */
	public static final String PASSWORD = "current-password";

	/** The Basic password being rotated out, accepted as well. */
	public static final String OLD_PASSWORD = "previous-password";

	/** A static bearer token. */
	public static final String TOKEN = "static-token-1";

	/** A second static bearer token, accepted as well. */
	public static final String OTHER_TOKEN = "static-token-2";

	/** The operator's user name (tradecloud.admin.username). */
	public static final String OPERATOR = "operator";

	/** The operator's password. */
	public static final String OPERATOR_PASSWORD = "operator-password";

	private static TradecloudSimulator shared;

	/** The largest document a connector under test downloads, in bytes. */
	public static final long MAX_DOCUMENT_SIZE = 64L * 1024 * 1024;

	/** The property of the marker {@link #drain} puts on a queue. */
	private static final String MARKER = "testConnectorMarker";

	private static final Pattern JSON_MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"[^\"]*\"");

	private static final Pattern XML_MESSAGE_ID = Pattern.compile("<messageId>[^<]*</messageId>");

	private final Path root;

	private final int brokerPort;

	private JmsTemplate jms;

	public TestConnector() {
		try {
			this.root = Files.createTempDirectory("connector-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.brokerPort = freePort();
	}

	/**
	 * The settings of a connector under test: its folders and broker port, the test
	 * credentials (Basic with two passwords, two static bearer tokens), the operator
	 * {@code operator}/{@code operator-password}, the JVM's simulator as Tradecloud API
	 * and legacy API (no ERP: see {@link #useSimulator}), retries 100 ms apart (up to 400
	 * ms, 100 times) instead of the production seconds, and documents up to
	 * {@link #MAX_DOCUMENT_SIZE} (a larger one generated in a test instead of 512 MB).
	 * @return the settings
	 */
	public Map<String, Object> settings() {
		TradecloudSimulator simulator = sharedSimulator();
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("tradecloud.output-dir", outputDir().toString());
		settings.put("tradecloud.data-dir", dataDir().toString());
		settings.put("tradecloud.broker.listen-url", "tcp://127.0.0.1:" + this.brokerPort);
		settings.put("tradecloud.api.url", simulator.apiUrl());
		settings.put("tradecloud.api.username", simulator.settings().userEmail());
		settings.put("tradecloud.api.password", simulator.settings().userPassword());
		settings.put("tradecloud.legacy-api.url", simulator.legacyApiUrl());
		settings.put("tradecloud.legacy-api.username", SimulatorSettings.DEFAULT_USER_EMAIL);
		settings.put("tradecloud.legacy-api.password", SimulatorSettings.DEFAULT_USER_PASSWORD);
		settings.put("tradecloud.webhook.basic.username", USER);
		settings.put("tradecloud.webhook.basic.password", PASSWORD + "," + OLD_PASSWORD);
		settings.put("tradecloud.webhook.bearer-token", TOKEN + "," + OTHER_TOKEN);
		settings.put("tradecloud.admin.username", OPERATOR);
		settings.put("tradecloud.admin.password", OPERATOR_PASSWORD);
		settings.put("tradecloud.delivery.retry-delay", "100ms");
		settings.put("tradecloud.delivery.max-retry-delay", "400ms");
		settings.put("tradecloud.delivery.max-retries", "100");
		settings.put("tradecloud.documents.max-size", MAX_DOCUMENT_SIZE + "B");
		return settings;
	}

	/**
	 * The one Tradecloud simulator of this JVM, started on first use: every
	 * {@link ConnectorTest} connector talks to it, so that their settings match and
	 * Spring can share the connectors. Tests tell their own data apart by message id,
	 * order id and document id.
	 * @return the simulator
	 */
	public static synchronized TradecloudSimulator sharedSimulator() {
		if (shared == null) {
			shared = TradecloudSimulator.start(SimulatorSettings.forTests());
		}
		return shared;
	}

	/**
	 * Points a connector at a simulator of the test's own, as Tradecloud API, legacy API
	 * and ERP: for tests that change how the ERP behaves (down, slow, refusing), so that
	 * no other test's connector delivers to it.
	 * @param registry the test's dynamic properties
	 * @param simulator the simulator
	 */
	public static void useSimulator(DynamicPropertyRegistry registry, TradecloudSimulator simulator) {
		registry.add("tradecloud.api.url", simulator::apiUrl);
		registry.add("tradecloud.api.username", () -> simulator.settings().userEmail());
		registry.add("tradecloud.api.password", () -> simulator.settings().userPassword());
		registry.add("tradecloud.legacy-api.url", simulator::legacyApiUrl);
		registry.add("tradecloud.erp.url", simulator::erpUrl);
		registry.add("tradecloud.erp.shipments-url", simulator::erpShipmentsUrl);
	}

	/**
	 * Starts each {@link ConnectorTest} connector with a {@link TestConnector} of its own
	 * (folders, broker port), its {@link #settings()} below those a test names, and the
	 * test connector as a bean for the test to inject.
	 */
	public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			TestConnector connector = new TestConnector();
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			MapPropertySource settings = new MapPropertySource("testConnector", connector.settings());
			if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, settings);
			}
			else {
				sources.addFirst(settings);
			}
			context.getBeanFactory().registerSingleton("testConnector", connector);
		}

	}

	/**
	 * Starts a connector of its own, outside Spring's test context cache, on the
	 * production defaults with only this test connector's folders and broker port and the
	 * Basic credentials: for tests that stop it, or start it again on the same folders.
	 * @return the running connector
	 */
	public ConfigurableApplicationContext startOnDefaults() {
		return new SpringApplicationBuilder(ConnectorApplication.class).run("--server.port=0",
				"--tradecloud.output-dir=" + outputDir(), "--tradecloud.data-dir=" + dataDir(),
				"--tradecloud.broker.listen-url=tcp://127.0.0.1:" + this.brokerPort,
				"--tradecloud.webhook.basic.username=" + USER, "--tradecloud.webhook.basic.password=" + PASSWORD);
	}

	public int brokerPort() {
		return this.brokerPort;
	}

	public Path outputDir() {
		return this.root.resolve("outbox");
	}

	public Path dataDir() {
		return this.root.resolve("data");
	}

	public Path ordersFolder() {
		return outputDir().resolve("orders");
	}

	/**
	 * The files in the orders folder, by name.
	 * @return the files, none when the folder does not exist
	 */
	public List<Path> orderFiles() {
		return filesIn(ordersFolder());
	}

	/**
	 * The files delivered to a folder, by name.
	 * @param folder the folder
	 * @return the files, none when the folder does not exist
	 */
	public static List<Path> filesIn(Path folder) {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			// not the temporary ".name.part" of a file being written: it is not delivered
			// yet
			return files.filter((file) -> !file.getFileName().toString().startsWith(".")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Empties the orders folder and the given queues and clears the faults a test set on
	 * the JVM's simulator, between tests.
	 * @param queues the queues to drain
	 */
	public void reset(String... queues) {
		sharedSimulator().clearFaults();
		for (Path file : orderFiles()) {
			try {
				Files.delete(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		for (String queue : queues) {
			drain(queue);
		}
	}

	/**
	 * An HTTPS client that trusts exactly the certificate the connector generated under
	 * its data folder.
	 * @return the client
	 */
	public HttpClient https() {
		return HttpClient.newBuilder()
			.sslContext(trusting(dataDir().resolve("tls/localhost-cert.pem")))
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * An SSL context trusting one PEM certificate.
	 * @param certificate the PEM file
	 * @return the context
	 */
	public static SSLContext trusting(Path certificate) {
		try (InputStream in = Files.newInputStream(certificate)) {
			Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("connector", cert);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a webhook request and returns the answer.
	 * @param port the connector's HTTPS port
	 * @param method POST or PUT
	 * @param path the path
	 * @param body the body
	 * @param contentType its Content-Type, or null
	 * @param authorization the Authorization header, or null
	 * @return the answer
	 */
	public HttpResponse<String> send(int port, String method, String path, byte[] body, String contentType,
			String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			return https().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * POSTs a body with the current Basic password.
	 * @param port the connector's HTTPS port
	 * @param body the body
	 * @param contentType its Content-Type
	 * @return the answer
	 */
	public HttpResponse<String> post(int port, byte[] body, String contentType) {
		return send(port, "POST", "/webhooks/tradecloud", body, contentType, basic(USER, PASSWORD));
	}

	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	public static String bearer(String token) {
		return "Bearer " + token;
	}

	/**
	 * Starts waiting for a route to finish with the exchange of one event (not the
	 * exchanges it is split into); {@link NotifyBuilder#matches} then waits.
	 * @param camel the connector's Camel context
	 * @param routeId the route
	 * @param event what tells the event's exchange apart
	 * @return the notifier
	 */
	public static NotifyBuilder whenRouteDone(CamelContext camel, String routeId, Predicate event) {
		return new NotifyBuilder(camel).fromRoute(routeId)
			.filter(PredicateBuilder.and(event,
					PredicateBuilder.isNull(ExpressionBuilder.exchangePropertyExpression(Exchange.SPLIT_INDEX))))
			.whenDone(1)
			.create();
	}

	/**
	 * Receives a message from a queue over the broker's TCP acceptor, as an outside
	 * consumer would, waiting up to 10 seconds.
	 * @param queue the queue
	 * @return the message, or null when none came
	 */
	public Message receive(String queue) {
		jms().setReceiveTimeout(10_000);
		return jms().receive(queue);
	}

	/**
	 * Receives a number of messages from a queue with one consumer, waiting up to 10 s
	 * for each (a consumer per message costs round trips to the broker).
	 * @param queue the queue
	 * @param count how many messages
	 * @return the messages, in the order received; fewer when the queue stayed empty 10 s
	 */
	public List<Message> receive(String queue, int count) {
		return jms().execute((session) -> {
			List<Message> received = new ArrayList<>();
			try (jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
				while (received.size() < count) {
					Message next = consumer.receive(10_000);
					if (next == null) {
						return received;
					}
					received.add(next);
				}
				return received;
			}
		}, true);
	}

	/**
	 * Takes every message on a queue up to now: puts a marker on it over the broker's TCP
	 * acceptor and receives until the marker comes back (one consumer: the broker hands
	 * over in order). A positive sign instead of a wait: what was on the queue before the
	 * marker is in the list, whatever the machine's load.
	 * @param queue the queue, one nothing else in the connector consumes from
	 * @return the messages before the marker, in order
	 */
	public List<Message> drain(String queue) {
		String marker = UUID.randomUUID().toString();
		jms().send(queue, (session) -> {
			Message message = session.createTextMessage("end of the messages before it");
			message.setStringProperty(MARKER, marker);
			return message;
		});
		// one session and one consumer for the whole drain: a consumer each cost a round
		// trip or two to the broker per message
		return jms().execute((session) -> {
			List<Message> before = new ArrayList<>();
			try (jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
				while (true) {
					Message next = consumer.receive(10_000);
					if (next == null) {
						throw new AssertionError("the marker put on " + queue + " did not come back within 10 s");
					}
					if (marker.equals(next.getStringProperty(MARKER))) {
						return before;
					}
					before.add(next);
				}
			}
		}, true);
	}

	/**
	 * Asserts that nothing (more) is on a queue, see {@link #drain}; call once what could
	 * have put something there has ended (a refusal answered, a route's
	 * {@link NotifyBuilder} done, the expected messages received).
	 * @param queue the queue
	 */
	public void assertNoMoreOn(String queue) {
		List<Message> before = drain(queue);
		if (!before.isEmpty()) {
			throw new AssertionError(before.size() + " message(s) on " + queue + " where none should be: " + before);
		}
	}

	private synchronized JmsTemplate jms() {
		if (this.jms == null) {
			// one connection for every receive (a connection each cost ~20 ms), opened
			// again
			// after a broker restart
			ActiveMQConnectionFactory client = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + this.brokerPort);
			// a message received is gone from the queue once receive returns: the broker
			// confirms each acknowledgement (sent without waiting by default, it could
			// still be on its way when a drain looked at the queue: CI saw two messages
			// received and still there)
			client.setBlockOnAcknowledge(true);
			SingleConnectionFactory connection = new SingleConnectionFactory(client);
			connection.setReconnectOnException(true);
			this.jms = new JmsTemplate(connection);
		}
		return this.jms;
	}

	/**
	 * The sample bodies, as Tradecloud sends them.
	 * @return the sample files
	 */
	public static List<Path> samples() {
		List<Path> samples = new ArrayList<>(filesIn(Path.of("src/test/resources/samples")));
		if (samples.isEmpty()) {
			throw new IllegalStateException("no samples under src/test/resources/samples");
		}
		return samples;
	}

	public static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A body as Tradecloud would send a new event: the same, with a message id of its
	 * own, so that the connector does not take it for a copy of one it took before.
	 * @param body a sample body, JSON or tXML
	 * @return the body with every message id replaced by one new id
	 */
	public static byte[] asNewEvent(byte[] body) {
		return withMessageId(body, UUID.randomUUID().toString());
	}

	/**
	 * The shipment sample with a message id of its own and its loose lines replaced by
	 * {@code lines} copies of the first, each its own position and each changed by the
	 * event (the shipment's {@code lastUpdatedAt}); its container line stays, changed
	 * too.
	 * @param messageId the message id
	 * @param lines how many loose lines
	 * @return the event, JSON
	 */
	public static String shipmentWithLines(String messageId, int lines) {
		try {
			ObjectNode event = (ObjectNode) new ObjectMapper()
				.readTree(read(Path.of("src/test/resources/samples/shipment-event.json")));
			event.with("meta").put("messageId", messageId);
			ArrayNode loose = event.withArray("/shipment/lines");
			JsonNode template = loose.get(0);
			loose.removeAll();
			for (int i = 1; i <= lines; i++) {
				ObjectNode line = template.deepCopy();
				line.put("purchaseOrderLinePosition", "%05d".formatted(i));
				line.with("meta").put("lastUpdatedAt", "2026-11-20T09:15:01.900Z");
				loose.add(line);
			}
			return event.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A body with every message id replaced.
	 * @param body a sample body, JSON or tXML
	 * @param messageId the message id
	 * @return the body
	 */
	public static byte[] withMessageId(byte[] body, String messageId) {
		String text = new String(body, StandardCharsets.UTF_8);
		String replaced = JSON_MESSAGE_ID.matcher(text).replaceAll("\"messageId\": \"" + messageId + "\"");
		replaced = XML_MESSAGE_ID.matcher(replaced).replaceAll("<messageId>" + messageId + "</messageId>");
		if (replaced.equals(text)) {
			throw new IllegalArgumentException("the body has no message id");
		}
		return replaced.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Waits until the orders folder holds a number of files.
	 * @param count how many
	 * @return the files, by name
	 */
	public List<Path> awaitOrderFiles(int count) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(this::orderFiles, (files) -> files.size() >= count);
	}

	public static String contentTypeOf(Path sample) {
		return sample.toString().endsWith(".xml") ? "application/xml" : "application/json";
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
