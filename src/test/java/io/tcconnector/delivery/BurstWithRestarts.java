package io.tcconnector.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.tcconnector.simulator.ErpDelivery;
import io.tcconnector.simulator.RetryPolicy;
import io.tcconnector.simulator.SendResult;
import io.tcconnector.simulator.SimulatorSettings;
import io.tcconnector.simulator.TradecloudSimulator;
import io.tcconnector.simulator.WebhookSender;
import io.tcconnector.support.InstalledConnector;
import io.tcconnector.support.TestConnector;
import jakarta.jms.Message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as operators run it (installed as the systemd unit runs it, see
 * {@link InstalledConnector}), taking a burst of 2,000 events sent the way Tradecloud
 * does (100 orders, 20 events each, each order's events one after the other, many orders
 * at once, retrying every answer above 500 and every dropped connection), and stopped
 * twice in the middle of the burst, each time started again at once on the same data
 * directory; then checks that every event is in the orders folder exactly once (no file
 * written twice, no temporary file left) and on the orders queue exactly once, and at the
 * stand-in ERP at least once, each order's events in the order they were sent. The chaos
 * tests ({@link CrashRecoveryIT}, {@link GracefulStopIT}) differ in how they stop it.
 */
final class BurstWithRestarts implements AutoCloseable {

	static final int ORDERS = 100;

	static final int EVENTS_PER_ORDER = 20;

	static final int EVENTS = ORDERS * EVENTS_PER_ORDER;

	/** How the connector is stopped in the middle of the burst. */
	interface Stop {

		void stop(Process connector) throws Exception;

	}

	final TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests());

	final TestConnector connector = new TestConnector();

	final int port = freePort();

	final Path logs;

	final List<Path> startLogs = new ArrayList<>();

	Process process;

	/**
	 * @param logs the folder for the connector's logs, one file per start
	 */
	BurstWithRestarts(Path logs) {
		this.logs = logs;
	}

	/**
	 * Sends the burst, stops the connector with {@code stop} after a quarter and after
	 * three fifths of the events were accepted and starts it again each time, and checks
	 * where every event went.
	 * @param stop how the connector is stopped
	 * @return the message ids the ERP received more than once, with how often
	 * @throws Exception when sending or checking fails
	 */
	Map<String, Integer> run(Stop stop) throws Exception {
		startConnector();
		byte[] sample = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));
		WebhookSender tradecloud = new WebhookSender(
				WebhookSender.trusting(this.connector.dataDir().resolve("tls/localhost-cert.pem")),
				RetryPolicy.indefinitely(Duration.ofMillis(100), 2, Duration.ofSeconds(1)));
		URI webhook = URI.create("https://localhost:" + this.port + "/webhooks/tradecloud");
		String authorization = TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD);

		AtomicInteger accepted = new AtomicInteger();
		int senders = 16;
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		List<Future<List<String>>> sent = new ArrayList<>();
		for (int worker = 0; worker < senders; worker++) {
			int first = worker;
			sent.add(pool.submit(() -> {
				List<String> ids = new ArrayList<>();
				for (int sequence = 0; sequence < EVENTS_PER_ORDER; sequence++) {
					for (int order = first; order < ORDERS; order += senders) {
						String orderId = orderId(order);
						String messageId = orderId + "-" + String.format("%02d", sequence);
						byte[] event = new String(TestConnector.withMessageId(sample, messageId),
								StandardCharsets.UTF_8)
							.replace("a50a3876-e620-5956-a64c-571fd8658434", orderId)
							.getBytes(StandardCharsets.UTF_8);
						SendResult result = tradecloud.send(webhook, "POST", event, "application/json", authorization);
						assertThat(result.finalStatus()).as(messageId + " " + result.lastBody()).isBetween(200, 299);
						accepted.incrementAndGet();
						ids.add(messageId);
					}
				}
				return ids;
			}));
		}

		// stopped in the middle of the burst, twice, each time started again at once
		for (int stopAt : new int[] { EVENTS / 4, EVENTS * 3 / 5 }) {
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> accepted.get() >= stopAt);
			stop.stop(this.process);
			startConnector();
		}
		Set<String> messageIds = new TreeSet<>();
		for (Future<List<String>> each : sent) {
			messageIds.addAll(each.get());
		}
		pool.shutdown();
		assertThat(messageIds).hasSize(EVENTS);

		// exactly once in the orders folder, no file written twice or half
		Path orders = this.connector.ordersFolder();
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> TestConnector.filesIn(orders).size() >= EVENTS);
		List<String> inFolder = new ArrayList<>();
		for (Path file : TestConnector.filesIn(orders)) {
			assertThat(file.getFileName().toString()).doesNotStartWith(".").endsWith(".json");
			inFolder.add(messageIdOf(Files.readString(file)));
		}
		assertThat(inFolder).hasSize(EVENTS).doesNotHaveDuplicates();
		assertThat(new TreeSet<>(inFolder)).isEqualTo(messageIds);

		// at least once at the ERP, each order's events in the order they were sent
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> acceptedByErp().keySet().containsAll(messageIds));
		Map<String, List<Integer>> sequences = new HashMap<>();
		for (ErpDelivery delivery : this.simulator.erpAccepted()) {
			String messageId = delivery.messageId();
			sequences.computeIfAbsent(delivery.orderId(), (order) -> new ArrayList<>())
				.add(Integer.parseInt(messageId.substring(messageId.length() - 2)));
		}
		assertThat(sequences).hasSize(ORDERS);
		sequences.forEach((order, received) -> {
			assertThat(received).as("order %s at the ERP", order).isSorted();
			assertThat(new TreeSet<>(received)).as("order %s at the ERP", order).hasSize(EVENTS_PER_ORDER);
		});
		Map<String, Integer> repeats = new LinkedHashMap<>();
		acceptedByErp().forEach((id, times) -> {
			if (times > 1) {
				repeats.put(id, times);
			}
		});

		// exactly once on the orders queue (one consumer for the whole queue: a receive
		// each would open a connection and a consumer per message)
		List<String> queued = new ArrayList<>();
		for (Message message : this.connector.drain("tradecloud.orders")) {
			queued.add(message.getStringProperty("tradecloudMessageId"));
		}
		assertThat(queued).hasSize(EVENTS).doesNotHaveDuplicates();
		assertThat(new TreeSet<>(queued)).isEqualTo(messageIds);
		return repeats;
	}

	/**
	 * @return how often the connector was started
	 */
	int starts() {
		return this.startLogs.size();
	}

	Map<String, Integer> acceptedByErp() {
		Map<String, Integer> times = new HashMap<>();
		for (ErpDelivery delivery : this.simulator.erpAccepted()) {
			times.merge(delivery.messageId(), 1, Integer::sum);
		}
		return times;
	}

	void startConnector() throws Exception {
		Files.createDirectories(this.logs);
		Path log = this.logs.resolve("connector-" + (this.startLogs.size() + 1) + ".log");
		this.startLogs.add(log);
		// installed as the systemd unit runs it: extracted, deploy/jvm.options, its class
		// data archive
		List<String> command = InstalledConnector.command();
		command.addAll(List.of("--server.port=" + this.port, "--tradecloud.data-dir=" + this.connector.dataDir(),
				"--tradecloud.output-dir=" + this.connector.outputDir(),
				"--tradecloud.broker.listen-url=tcp://127.0.0.1:" + this.connector.brokerPort(),
				"--tradecloud.webhook.basic.username=" + TestConnector.USER,
				"--tradecloud.webhook.basic.password=" + TestConnector.PASSWORD,
				"--tradecloud.erp.url=" + this.simulator.erpUrl(), "--tradecloud.delivery.retry-delay=200ms",
				"--tradecloud.delivery.max-retry-delay=2s", "--tradecloud.api.url=" + this.simulator.apiUrl()));
		this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		HttpClient[] client = new HttpClient[1];
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the connector stopped; see " + log);
			}
			Path certificate = this.connector.dataDir().resolve("tls/localhost-cert.pem");
			if (!Files.exists(certificate)) {
				return false;
			}
			if (client[0] == null) {
				client[0] = HttpClient.newBuilder().sslContext(TestConnector.trusting(certificate)).build();
			}
			try {
				HttpResponse<String> health = client[0]
					.send(HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/actuator/health"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString());
				return health.statusCode() == 200 && health.body().contains("UP");
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
		this.simulator.close();
	}

	static String orderId(int order) {
		return String.format("chaos-order-%03d", order);
	}

	static String messageIdOf(String event) {
		int start = event.indexOf("\"messageId\": \"") + "\"messageId\": \"".length();
		return event.substring(start, event.indexOf('"', start));
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
