import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.sun.net.httpserver.HttpServer;

/**
 * End to end: from the webhook request to the ERP having the event. Plays the ERP (an HTTP
 * server on ERP_PORT that records when each event arrives, by its Tradecloud-Message-Id) and
 * Tradecloud (events sent at a fixed rate, each its own message id, over a number of
 * orders). Two phases:
 * <ol>
 * <li>latency: RATE events/s for SECONDS; p50 and p99 of request sent to ERP has it;</li>
 * <li>outage: the ERP answers 503 for OUTAGE seconds while BACKLOG events are sent; then
 * it answers 200 again, and the backlog's delivery rate is measured from the first event
 * taken after the outage to the last, and each order's events checked to arrive in the
 * order they were sent.</li>
 * </ol>
 * Prints {@code RESULT key value} lines for bench/run-all.sh. Run with the JDK alone:
 *
 * <pre>
 * java bench/EndToEnd.java WEBHOOK_URL USER PASSWORD TEMPLATE ERP_PORT [RATE=500] [SECONDS=30] [ORDERS=50] [OUTAGE=60] [BACKLOG=5000] [WARMUP=SECONDS/3]
 * </pre>
 */
public class EndToEnd {

	/** Message id to the nanoTime it was sent. */
	static final Map<String, Long> sent = new ConcurrentHashMap<>();

	/** Message id to the nanoTime the connector's answer came back. */
	static final Map<String, Long> answered = new ConcurrentHashMap<>();

	/** Message id to the nanoTime the ERP first took it. */
	static final Map<String, Long> arrived = new ConcurrentHashMap<>();

	/** Per order: the message ids in the order they were sent. */
	static final Map<String, List<String>> sentPerOrder = new ConcurrentHashMap<>();

	static final AtomicBoolean down = new AtomicBoolean();

	static final AtomicLong firstAfterOutage = new AtomicLong();

	static final AtomicInteger refusedAnswers = new AtomicInteger();

	/** Requests in flight at most, as Tradecloud's connections to one endpoint. */
	static final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);

	/** Sends that came later than their time because 64 were in flight. */
	static final AtomicInteger late = new AtomicInteger();

	public static void main(String[] args) throws Exception {
		URI webhook = URI.create(args[0]);
		String auth = "Basic " + Base64.getEncoder()
			.encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
		String template = Files.readString(Path.of(args[3]));
		int erpPort = Integer.parseInt(args[4]);
		int rate = arg(args, 5, 500);
		int seconds = arg(args, 6, 30);
		int orders = arg(args, 7, 50);
		int outage = arg(args, 8, 60);
		int backlog = arg(args, 9, 5000);
		int warmUp = arg(args, 10, Math.max(3, seconds / 3));

		HttpServer erp = HttpServer.create(new InetSocketAddress("127.0.0.1", erpPort), 256);
		erp.setExecutor(Executors.newFixedThreadPool(16));
		erp.createContext("/", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				body.transferTo(OutputStreamNull.INSTANCE);
			}
			String id = exchange.getRequestHeaders().getFirst("Tradecloud-Message-Id");
			int status = down.get() ? 503 : 200;
			if (status == 200 && id != null && arrived.putIfAbsent(id, System.nanoTime()) == null) {
				firstAfterOutage.compareAndSet(0, System.nanoTime());
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		erp.start();

		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(trustingAll())
			.connectTimeout(Duration.ofSeconds(5))
			.executor(Executors.newFixedThreadPool(8))
			.build();
		awaitUp(client, webhook);

		// warm-up, not counted: WARMUP seconds at the same rate (a third of the run unless
		// given), then until every warm-up event is at the ERP
		List<String> warm = send(client, webhook, auth, template, rate, warmUp, orders, "warm");
		awaitArrived(warm, Duration.ofSeconds(120));
		refusedAnswers.set(0);
		late.set(0);

		List<String> timed = send(client, webhook, auth, template, rate, seconds, orders, "run");
		boolean all = awaitArrived(timed, Duration.ofSeconds(60));
		long[] latencies = timed.stream()
			.filter(arrived::containsKey)
			.mapToLong((id) -> arrived.get(id) - sent.get(id))
			.sorted()
			.toArray();
		System.out.printf(
				"latency at %d events/s over %d orders, %d s: %d of %d at the ERP, p50 %.1f ms, p99 %.1f ms, "
						+ "%d not accepted, %d sent late (64 in flight)%n",
				rate, orders, seconds, latencies.length, timed.size(), ms(latencies, 0.50), ms(latencies, 0.99),
				refusedAnswers.get(), late.get());
		result("e2e.p50_ms", ms(latencies, 0.50));
		result("e2e.p99_ms", ms(latencies, 0.99));
		result("e2e.all_arrived", all ? 1 : 0);

		// the outage: the backlog builds up while the ERP is down
		down.set(true);
		long outageStart = System.nanoTime();
		int backlogRate = Math.max(rate, backlog / Math.max(1, outage / 2));
		List<String> waiting = send(client, webhook, auth, template, backlogRate,
				Math.max(1, backlog / backlogRate), orders, "outage");
		while (System.nanoTime() - outageStart < outage * 1_000_000_000L) {
			Thread.sleep(100);
		}
		firstAfterOutage.set(0);
		down.set(false);
		long up = System.nanoTime();
		boolean drained = awaitArrived(waiting, Duration.ofMinutes(10));
		long last = waiting.stream().filter(arrived::containsKey).mapToLong(arrived::get).max().orElse(up);
		long first = firstAfterOutage.get() == 0 ? up : firstAfterOutage.get();
		double drainSeconds = (last - first) / 1e9;
		// in order: an event accepted (answered) before another of its order was sent
		// reaches the ERP before it; events sent at the same time may be accepted either way
		int inOrder = 0;
		int checked = 0;
		for (Map.Entry<String, List<String>> order : sentPerOrder.entrySet()) {
			List<String> events = order.getValue().stream().filter(waiting::contains).toList();
			if (events.isEmpty()) {
				continue;
			}
			checked++;
			boolean ordered = true;
			for (String a : events) {
				for (String b : events) {
					if (answered.containsKey(a) && answered.get(a) < sent.get(b) && arrived.containsKey(a)
							&& arrived.containsKey(b) && arrived.get(b) < arrived.get(a)) {
						ordered = false;
					}
				}
			}
			if (ordered) {
				inOrder++;
			}
		}
		double backlogPerSecond = waiting.size() / Math.max(drainSeconds, 0.001);
		System.out.printf("outage %d s with %d events waiting: first taken %.1f s after the ERP came back, "
				+ "all %s in %.1f s from the first (%.0f events/s), %d of %d orders in order%n", outage, waiting.size(),
				(first - up) / 1e9, drained ? "delivered" : "NOT delivered", drainSeconds, backlogPerSecond, inOrder,
				checked);
		result("backlog.events_per_s", backlogPerSecond);
		result("backlog.first_after_s", (first - up) / 1e9);
		result("backlog.orders_in_order", inOrder == checked ? 1 : 0);
		erp.stop(0);
		System.exit(0);
	}

	/** Sends events at a fixed rate; returns their message ids in the order sent. */
	static List<String> send(HttpClient client, URI webhook, String auth, String template, int rate, int seconds,
			int orders, String label) throws InterruptedException {
		List<String> ids = new ArrayList<>();
		int total = rate * seconds;
		long start = System.nanoTime();
		long interval = 1_000_000_000L / rate;
		List<java.util.concurrent.CompletableFuture<?>> answers = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			long due = start + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 1_000_000) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			if (!inFlight.tryAcquire()) {
				late.incrementAndGet();
				inFlight.acquire();
			}
			String id = UUID.randomUUID().toString();
			String order = "bench-" + label + "-order-" + (i % orders);
			String body = template.replace("MESSAGE_ID", id).replace("ORDER_ID", order);
			HttpRequest request = HttpRequest.newBuilder(webhook)
				.header("Authorization", auth)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			ids.add(id);
			sentPerOrder.computeIfAbsent(order, (key) -> new CopyOnWriteArrayList<>()).add(id);
			sent.put(id, System.nanoTime());
			answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, ex) -> {
				answered.put(id, System.nanoTime());
				inFlight.release();
			}).thenAccept((answer) -> {
				if (answer.statusCode() != 202 && answer.statusCode() != 200
						&& refusedAnswers.incrementAndGet() <= 3) {
					System.out.println("answered " + answer.statusCode() + " to " + id);
				}
			}).exceptionally((ex) -> {
				if (refusedAnswers.incrementAndGet() <= 3) {
					System.out.println("no answer to " + id + ": " + ex);
				}
				return null;
			}));
		}
		answers.forEach(java.util.concurrent.CompletableFuture::join);
		return ids;
	}

	static boolean awaitArrived(List<String> ids, Duration atMost) throws InterruptedException {
		long end = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < end) {
			if (ids.stream().allMatch(arrived::containsKey)) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	static void awaitUp(HttpClient client, URI webhook) throws Exception {
		URI health = webhook.resolve("/actuator/health");
		for (int i = 0; i < 240; i++) {
			try {
				if (client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
					.body()
					.contains("UP")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("the connector did not come up at " + health);
	}

	static double ms(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
	}

	static void result(String key, double value) {
		System.out.printf("RESULT %s %.2f%n", key, value);
	}

	static int arg(String[] args, int index, int fallback) {
		return args.length > index ? Integer.parseInt(args[index]) : fallback;
	}

	/** The connector's generated development certificate is self-signed: trusted here. */
	static SSLContext trustingAll() throws Exception {
		TrustManager trustAll = new X509TrustManager() {
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
		};
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { trustAll }, new SecureRandom());
		return context;
	}

	/** Discards what is written to it. */
	static final class OutputStreamNull extends java.io.OutputStream {

		static final OutputStreamNull INSTANCE = new OutputStreamNull();

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) {
		}

	}

}
