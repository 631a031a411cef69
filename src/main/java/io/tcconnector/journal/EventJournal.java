package io.tcconnector.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcconnector.codec.Codecs;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.tradecloud.TradecloudEvent;
import io.tcconnector.tradecloud.WebhookParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * The event journal in the connector's database (the de-duplication repository's): a
 * record per request Tradecloud made, per delivery step and per operator action.
 * <p>
 * Requests and delivery steps are {@link #offer(JournalRecord) offered} to a bounded
 * in-memory queue that one background thread writes to the database: the webhook and its
 * delivery never wait for the journal. When the queue is full or the database fails, the
 * record is dropped with a WARN and the event goes on as if there were no journal. The
 * background thread recognises the event in a journaled body (the webhook path does not
 * pay for it twice), compresses the body and derives the event's status from its delivery
 * steps. Records older than {@code tradecloud.journal.retention} are purged.
 */
public class EventJournal implements InitializingBean, DisposableBean {

	static final String EVENTS = "tradecloud_journal_event";

	static final String DELIVERIES = "tradecloud_journal_delivery";

	static final String ACTIONS = "tradecloud_journal_action";

	private static final Logger log = LoggerFactory.getLogger(EventJournal.class);

	private static final List<String> SCHEMA = List.of(
			"CREATE TABLE IF NOT EXISTS " + EVENTS
					+ " (id VARCHAR(36) NOT NULL PRIMARY KEY, received_at BIGINT NOT NULL, source VARCHAR(64),"
					+ " method VARCHAR(16), path VARCHAR(1000), auth_scheme VARCHAR(16), content_type VARCHAR(200),"
					+ " answer_status INT, answer VARCHAR(2000), reason VARCHAR(1000), status VARCHAR(16) NOT NULL,"
					+ " message_key VARCHAR(255), message_id VARCHAR(255), kind VARCHAR(64), event_name VARCHAR(255),"
					+ " format VARCHAR(8), size BIGINT, order_id VARCHAR(255), purchase_order_number VARCHAR(255),"
					+ " shipment_id VARCHAR(255), shipment_number VARCHAR(255), body_complete BOOLEAN, body BYTEA)",
			"CREATE INDEX IF NOT EXISTS " + EVENTS + "_received ON " + EVENTS + " (received_at)",
			"CREATE INDEX IF NOT EXISTS " + EVENTS + "_key ON " + EVENTS + " (message_key)",
			"CREATE INDEX IF NOT EXISTS " + EVENTS + "_po ON " + EVENTS + " (purchase_order_number)",
			"CREATE TABLE IF NOT EXISTS " + DELIVERIES
					+ " (id VARCHAR(36) NOT NULL PRIMARY KEY, message_key VARCHAR(255) NOT NULL, at BIGINT NOT NULL,"
					+ " seq BIGINT NOT NULL, target VARCHAR(255) NOT NULL, attempt INT NOT NULL, outcome VARCHAR(16) NOT NULL,"
					+ " status_code INT, latency_ms BIGINT, error VARCHAR(1000), file VARCHAR(1000),"
					+ " document_name VARCHAR(500), document_size BIGINT, document_sha256 VARCHAR(64))",
			"CREATE INDEX IF NOT EXISTS " + DELIVERIES + "_key ON " + DELIVERIES + " (message_key)",
			"CREATE TABLE IF NOT EXISTS " + ACTIONS
					+ " (id VARCHAR(36) NOT NULL PRIMARY KEY, event_id VARCHAR(36) NOT NULL, at BIGINT NOT NULL,"
					+ " actor VARCHAR(255), action VARCHAR(32), target VARCHAR(64), outcome VARCHAR(1000))");

	/** Most records written in one transaction. */
	private static final int BATCH = 200;

	/**
	 * How often at most an event's status is derived again while records keep coming (a
	 * shipment of 10,000 lines writes some 20,000 steps, each derivation reads them all);
	 * once nothing came to be written for a moment, every event touched is derived.
	 */
	private static final long STATUS_INTERVAL_MILLIS = 1000;

	/**
	 * The target of the step that says an event taken from the events queue reached every
	 * target of its kind (not listed among the event's steps).
	 */
	static final String EVERY_TARGET = "every-target";

	/** The statuses an event can have. */
	public static final List<String> STATUSES = List.of("accepted", "delivered", "retrying", "dead-lettered",
			"duplicate", "refused", "failed");

	private final JdbcTemplate jdbc;

	private final WebhookParser parser;

	private final TradecloudProperties.Journal settings;

	private final BlockingQueue<JournalRecord> queue;

	private final ObjectMapper json = new ObjectMapper();

	private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong refusedNotJournaled = new AtomicLong();

	private final AtomicLong busy = new AtomicLong();

	private final TransactionTemplate transactions;

	/** The latest attempt number per event and target, for the most recent steps. */
	private final Map<String, Integer> attempts = recent();

	/** The events whose status is to be derived again, written since it last was. */
	private final Set<String> stale = ConcurrentHashMap.newKeySet();

	/** When each recent event's status was last derived (the writer's thread only). */
	private final Map<String, Long> derivedAt = recent();

	private String erpQueue = "tradecloud.pending.erp";

	private String eventsQueue = "tradecloud.pending.events";

	private volatile boolean running = true;

	private Thread writer;

	private long lastPurge;

	public EventJournal(DataSource dataSource, WebhookParser parser, TradecloudProperties.Journal settings) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.parser = parser;
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
	}

	public TradecloudProperties.Journal settings() {
		return this.settings;
	}

	@Override
	public void afterPropertiesSet() {
		for (String statement : SCHEMA) {
			try {
				this.jdbc.execute(statement);
			}
			catch (DataAccessException ex) {
				// another instance created it at the same moment: fine if it is there now
				log.debug("Journal schema statement failed: {}", ex.getMessage());
			}
		}
		this.lastPurge = System.currentTimeMillis();
		this.writer = new Thread(this::writeLoop, "event-journal-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@Override
	public void destroy() throws InterruptedException {
		// what is queued is written before the database goes away, for a moment at most
		long deadline = System.currentTimeMillis() + 2000;
		while (!idle() && System.currentTimeMillis() < deadline) {
			Thread.sleep(20);
		}
		this.running = false;
		this.writer.interrupt();
		this.writer.join(2000);
	}

	/**
	 * Hands a record to the background writer, never waiting: when the queue is full the
	 * record is dropped with a WARN.
	 * @param record the record
	 */
	public void offer(JournalRecord record) {
		if (!this.settings.enabled()) {
			return;
		}
		if (!this.queue.offer(record)) {
			long count = this.dropped.incrementAndGet();
			if (count == 1 || count % 1000 == 0) {
				log.warn("Event journal queue full ({} records): dropped {} journal records so far; delivery goes on",
						this.settings.queueCapacity(), count);
			}
		}
	}

	/**
	 * Counts a refused request not journaled: its source went over
	 * {@code tradecloud.journal.refused-per-minute}.
	 */
	public void countRefusedNotJournaled() {
		this.refusedNotJournaled.incrementAndGet();
	}

	/**
	 * How many refused requests were not journaled since the start, for the bound on
	 * refused requests per source and minute.
	 * @return the count
	 */
	public long refusedNotJournaled() {
		return this.refusedNotJournaled.get();
	}

	/**
	 * Whether the background writer has written everything offered so far.
	 * @return true when nothing waits
	 */
	public boolean idle() {
		return this.queue.isEmpty() && this.busy.get() == 0 && this.stale.isEmpty();
	}

	private void writeLoop() {
		while (this.running) {
			try {
				JournalRecord first = this.stale.isEmpty() ? this.queue.poll(1, TimeUnit.SECONDS)
						: this.queue.poll(100, TimeUnit.MILLISECONDS);
				this.busy.incrementAndGet();
				try {
					if (first != null) {
						List<JournalRecord> batch = new ArrayList<>(BATCH);
						batch.add(first);
						this.queue.drainTo(batch, BATCH - 1);
						writeBatch(batch);
					}
					// every event touched once nothing came for a moment
					deriveStale(first == null);
				}
				finally {
					this.busy.decrementAndGet();
				}
				if (System.currentTimeMillis() - this.lastPurge > this.settings.purgeInterval().toMillis()) {
					this.lastPurge = System.currentTimeMillis();
					purgeQuietly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Writes what waits in one transaction (one commit, not one per statement); when that
	 * fails, record by record, dropping with a WARN what cannot be written. The status of
	 * each event touched is derived after the commit ({@link #deriveStale}): in a
	 * cluster, the request and its deliveries may be written by two instances at once,
	 * each transaction blind to the other's rows until it commits; the later of the two
	 * derivations sees both.
	 */
	private void writeBatch(List<JournalRecord> batch) {
		Set<String> touched = new LinkedHashSet<>();
		try {
			this.transactions
				.executeWithoutResult((status) -> batch.forEach((record) -> touch(touched, write(record))));
			this.written.addAndGet(batch.size());
		}
		catch (RuntimeException ex) {
			log.debug("Journal batch failed, writing its records one by one: {}", ex.getMessage());
			touched.clear();
			// the attempt numbers counted in the rolled back transaction
			this.attempts.clear();
			for (JournalRecord record : batch) {
				try {
					touch(touched, write(record));
					this.written.incrementAndGet();
				}
				catch (RuntimeException failed) {
					long count = this.dropped.incrementAndGet();
					log.warn("Event journal could not write a record ({}); dropped it ({} so far), delivery goes on",
							failed.getMessage(), count);
				}
			}
		}
		this.stale.addAll(touched);
	}

	/**
	 * Derives the status of the events written since their last derivation: all of them
	 * when nothing came to be written for a moment, otherwise those not derived in the
	 * last {@link #STATUS_INTERVAL_MILLIS}, so that a large event's status costs a
	 * derivation a second instead of one per batch of its steps.
	 * @param all whether to derive every stale event now
	 */
	private void deriveStale(boolean all) {
		long now = System.currentTimeMillis();
		for (String key : List.copyOf(this.stale)) {
			Long last = this.derivedAt.get(key);
			if (!all && last != null && now - last < STATUS_INTERVAL_MILLIS) {
				continue;
			}
			try {
				refreshStatus(key);
			}
			catch (RuntimeException ex) {
				log.warn("Event journal could not derive the status of {}: {}", key, ex.getMessage());
			}
			this.derivedAt.put(key, now);
			this.stale.remove(key);
		}
	}

	private static void touch(Set<String> touched, String key) {
		if (key != null) {
			touched.add(key);
		}
	}

	private void purgeQuietly() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			log.warn("Event journal purge failed: {}", ex.getMessage());
		}
	}

	/**
	 * Deletes the records older than the retention.
	 * @return how many events were deleted
	 */
	public int purge() {
		long cutOff = Instant.now().minus(this.settings.retention()).toEpochMilli();
		int events = this.jdbc.update("DELETE FROM " + EVENTS + " WHERE received_at < ?", cutOff);
		this.jdbc.update("DELETE FROM " + DELIVERIES + " WHERE at < ?", cutOff);
		this.jdbc.update("DELETE FROM " + ACTIONS + " WHERE at < ?", cutOff);
		if (events > 0) {
			log.info("Event journal: purged {} events older than {}", events, this.settings.retention());
		}
		return events;
	}

	/**
	 * Writes one record.
	 * @param record the record
	 * @return the message key of the event whose status it may change, or null
	 */
	String write(JournalRecord record) {
		if (record instanceof JournalRecord.Request request) {
			return writeRequest(request);
		}
		if (record instanceof JournalRecord.Delivery delivery) {
			writeDelivery(delivery);
			return delivery.key();
		}
		if (record instanceof JournalRecord.Action action) {
			writeAction(action);
		}
		return null;
	}

	/**
	 * Journals an operator's action at once (not through the queue).
	 * @param action the action
	 */
	public void writeAction(JournalRecord.Action action) {
		this.jdbc.update(
				"INSERT INTO " + ACTIONS
						+ " (id, event_id, at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
				UUID.randomUUID().toString(), action.eventId(), action.at().toEpochMilli(), cut(action.actor(), 255),
				action.action(), action.target(), cut(action.outcome(), 1000));
	}

	private String writeRequest(JournalRecord.Request request) {
		JsonNode answer = readAnswer(request.answer());
		TradecloudEvent event = recognise(request);
		String messageId = (event != null) ? event.messageId() : text(answer, "messageId");
		String key = (event != null) ? ((event.messageId() != null) ? event.messageId() : bodyHash(request.body()))
				: messageId;
		String status = statusOf(request.status(), answer);
		String reason = (request.status() >= 400) ? reasonOf(answer) : null;
		boolean keepBody = request.body() != null && request.body().length > 0;
		byte[] body = keepBody ? gzip(request.body()) : null;
		this.jdbc.update("INSERT INTO " + EVENTS
				+ " (id, received_at, source, method, path, auth_scheme, content_type, answer_status, answer, reason,"
				+ " status, message_key, message_id, kind, event_name, format, size, order_id, purchase_order_number,"
				+ " shipment_id, shipment_number, body_complete, body)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				UUID.randomUUID().toString(), request.receivedAt().toEpochMilli(), cut(request.source(), 64),
				cut(request.method(), 16), cut(request.path(), 1000), request.authScheme(),
				cut(request.contentType(), 200), request.status(), cut(request.answer(), 2000), cut(reason, 1000),
				status, cut(key, 255), cut(messageId, 255),
				cut((event != null) ? event.kind().field() : text(answer, "kind"), 64),
				cut((event != null) ? event.eventName() : text(answer, "eventName"), 255),
				(event != null) ? event.format().extension() : null, (request.size() >= 0) ? request.size() : null,
				cut((event != null) ? event.orderId() : null, 255),
				cut((event != null) ? event.purchaseOrderNumber() : null, 255),
				cut((event != null) ? event.shipmentId() : null, 255),
				cut((event != null) ? event.shipmentNumber() : null, 255), request.bodyComplete() && keepBody, body);
		return "accepted".equals(status) ? key : null;
	}

	private TradecloudEvent recognise(JournalRecord.Request request) {
		if (request.status() >= 400 && request.status() < 500 || request.body() == null || request.body().length == 0
				|| !request.bodyComplete()) {
			return null;
		}
		try {
			return this.parser.recognise(request.body(), request.contentType());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String statusOf(int status, JsonNode answer) {
		if (status >= 400 && status < 500) {
			return "refused";
		}
		if (status >= 500) {
			return "failed";
		}
		String said = text(answer, "status");
		if ("duplicate".equals(said)) {
			return "duplicate";
		}
		if (status == 200 && "delivered".equals(said)) {
			return "delivered";
		}
		return "accepted";
	}

	private static String reasonOf(JsonNode answer) {
		String detail = text(answer, "detail");
		return (detail != null) ? detail : text(answer, "error");
	}

	private void writeDelivery(JournalRecord.Delivery delivery) {
		int attempt = nextAttempt(delivery.key(), delivery.target());
		String documentName = null;
		Long documentSize = null;
		String documentSha256 = null;
		JsonNode document = readAnswer(delivery.document());
		if (document != null && document.has("file")) {
			documentName = text(document.get("file"), "name");
			documentSize = document.get("file").path("size").isNumber() ? document.get("file").get("size").asLong()
					: null;
			documentSha256 = text(document.get("file"), "sha256");
		}
		this.jdbc.update("INSERT INTO " + DELIVERIES
				+ " (id, message_key, at, seq, target, attempt, outcome, status_code, latency_ms, error, file,"
				+ " document_name, document_size, document_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				UUID.randomUUID().toString(), cut(delivery.key(), 255), delivery.at().toEpochMilli(),
				this.sequence.incrementAndGet(), cut(delivery.target(), 255), attempt, delivery.outcome(),
				delivery.statusCode(), delivery.latencyMillis(), cut(delivery.error(), 1000),
				cut(delivery.file(), 1000), cut(documentName, 500), documentSize, cut(documentSha256, 64));
	}

	/**
	 * The attempt number of a delivery step: counted in the database the first time a
	 * target of an event is seen, then here (a shipment of 10,000 lines writes 10,000
	 * steps to its lines folder: counting them again for each would grow with the square
	 * of the lines). Only the writer thread calls it.
	 */
	private int nextAttempt(String key, String target) {
		String step = key + "\n" + target;
		Integer before = this.attempts.get(step);
		if (before == null) {
			before = this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM " + DELIVERIES + " WHERE message_key = ? AND target = ?", Integer.class, key,
					target);
		}
		int attempt = ((before != null) ? before : 0) + 1;
		this.attempts.put(step, attempt);
		return attempt;
	}

	/**
	 * Derives an accepted event's status from its delivery steps: dead-lettered while its
	 * latest dead letter has not been delivered since, retrying while a target's latest
	 * step failed, delivered once every target has it: the consumer of the events queue
	 * said so ({@link #EVERY_TARGET}) and the ERP has it, when it was queued for the ERP.
	 */
	private void refreshStatus(String key) {
		StatusOfSteps steps = new StatusOfSteps("queue:" + this.erpQueue, "queue:" + this.eventsQueue);
		// row by row: a shipment of 10,000 lines has some 20,000 steps
		this.jdbc.query("SELECT target, outcome FROM " + DELIVERIES + " WHERE message_key = ? ORDER BY at, seq",
				(RowCallbackHandler) (row) -> steps.add(row.getString(1), row.getString(2)), key);
		if (steps.none()) {
			return;
		}
		String status = steps.status();
		this.jdbc.update("UPDATE " + EVENTS + " SET status = ? WHERE message_key = ? AND status IN"
				+ " ('accepted', 'delivered', 'retrying', 'dead-lettered')", status, key);
	}

	/**
	 * A map of the 10,000 most recently used events or steps, for what the writer keeps
	 * about them.
	 */
	private static <V> Map<String, V> recent() {
		return new LinkedHashMap<>(1024, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
				return size() > 10_000;
			}

		};
	}

	/**
	 * The queues whose steps an event waits for: the ERP's, and the accepted events' (an
	 * event taken from it is delivered once its {@link #EVERY_TARGET} step comes).
	 * @param erpQueue the ERP's queue
	 * @param eventsQueue the accepted events' queue
	 */
	void pendingQueues(String erpQueue, String eventsQueue) {
		this.erpQueue = erpQueue;
		this.eventsQueue = eventsQueue;
	}

	// ---- reading, for the console

	/**
	 * Searches the journal, newest first.
	 * @param query the search
	 * @return the page: events, total
	 */
	public Map<String, Object> search(Search query) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		List<Object> arguments = new ArrayList<>();
		if (StringUtils.hasText(query.q())) {
			String q = query.q().strip();
			where.append(" AND (purchase_order_number = ? OR order_id = ? OR shipment_number = ? OR message_id = ?)");
			arguments.addAll(List.of(q, q, q, q));
		}
		condition(where, arguments, "status", query.status());
		condition(where, arguments, "kind", query.kind());
		condition(where, arguments, "event_name", query.eventName());
		if (query.from() != null) {
			where.append(" AND received_at >= ?");
			arguments.add(query.from().toEpochMilli());
		}
		if (query.to() != null) {
			where.append(" AND received_at < ?");
			arguments.add(query.to().toEpochMilli());
		}
		Long total = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + EVENTS + where, Long.class,
				arguments.toArray());
		List<Object> paged = new ArrayList<>(arguments);
		paged.add(query.size());
		paged.add((long) query.page() * query.size());
		List<Map<String, Object>> events = this.jdbc.query(
				"SELECT " + SUMMARY + " FROM " + EVENTS + where + " ORDER BY received_at DESC, id LIMIT ? OFFSET ?",
				(row, index) -> summary(row), paged.toArray());
		for (Map<String, Object> event : events) {
			event.put("targets", targets((String) event.remove("messageKey")));
		}
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("page", query.page());
		page.put("size", query.size());
		page.put("total", total);
		page.put("events", events);
		return page;
	}

	private static void condition(StringBuilder where, List<Object> arguments, String column, String value) {
		if (StringUtils.hasText(value)) {
			where.append(" AND ").append(column).append(" = ?");
			arguments.add(value.strip());
		}
	}

	private static final String SUMMARY = "id, received_at, source, method, path, auth_scheme, answer_status, reason,"
			+ " status, message_key, message_id, kind, event_name, format, size, order_id, purchase_order_number,"
			+ " shipment_id, shipment_number";

	private static Map<String, Object> summary(java.sql.ResultSet row) throws java.sql.SQLException {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("id", row.getString("id"));
		event.put("receivedAt", Instant.ofEpochMilli(row.getLong("received_at")).toString());
		event.put("source", row.getString("source"));
		event.put("method", row.getString("method"));
		event.put("path", row.getString("path"));
		event.put("authScheme", row.getString("auth_scheme"));
		event.put("answerStatus", row.getInt("answer_status"));
		event.put("reason", row.getString("reason"));
		event.put("status", row.getString("status"));
		event.put("messageKey", row.getString("message_key"));
		event.put("messageId", row.getString("message_id"));
		event.put("kind", row.getString("kind"));
		event.put("eventName", row.getString("event_name"));
		event.put("format", row.getString("format"));
		long size = row.getLong("size");
		event.put("size", row.wasNull() ? null : size);
		event.put("orderId", row.getString("order_id"));
		event.put("purchaseOrderNumber", row.getString("purchase_order_number"));
		event.put("shipmentId", row.getString("shipment_id"));
		event.put("shipmentNumber", row.getString("shipment_number"));
		return event;
	}

	/**
	 * The steps of an event the console shows, in the order they were journaled: all but
	 * the one that says it reached every target.
	 */
	private static final String STEPS_SHOWN = " FROM " + DELIVERIES + " WHERE message_key = ? AND target <> '"
			+ EVERY_TARGET + "' ORDER BY at, seq";

	/**
	 * The latest outcome per target of an event, read row by row: a shipment of 10,000
	 * lines has some 20,000 steps, and only one per target is kept.
	 */
	private List<Map<String, Object>> targets(String key) {
		if (key == null) {
			return List.of();
		}
		Map<String, LatestStep> latest = new LinkedHashMap<>();
		this.jdbc.query("SELECT target, outcome, attempt, at" + STEPS_SHOWN, (RowCallbackHandler) (row) -> latest
			.put(row.getString(1), new LatestStep(row.getString(2), row.getInt(3), row.getLong(4))), key);
		List<Map<String, Object>> targets = new ArrayList<>();
		latest.forEach((name, step) -> {
			Map<String, Object> target = new LinkedHashMap<>();
			target.put("target", name);
			target.put("outcome", step.outcome());
			target.put("attempts", step.attempts());
			target.put("at", Instant.ofEpochMilli(step.at()).toString());
			targets.add(target);
		});
		return targets;
	}

	private List<Map<String, Object>> deliveries(String key) {
		return this.jdbc.query("SELECT *" + STEPS_SHOWN, (row, index) -> {
			Map<String, Object> step = new LinkedHashMap<>();
			step.put("target", row.getString("target"));
			step.put("attempt", row.getInt("attempt"));
			step.put("at", Instant.ofEpochMilli(row.getLong("at")).toString());
			step.put("outcome", row.getString("outcome"));
			step.put("statusCode", row.getObject("status_code"));
			step.put("latencyMillis", row.getObject("latency_ms"));
			step.put("error", row.getString("error"));
			step.put("file", row.getString("file"));
			if (row.getString("document_name") != null || row.getString("document_sha256") != null) {
				Map<String, Object> document = new LinkedHashMap<>();
				document.put("name", row.getString("document_name"));
				document.put("size", row.getObject("document_size"));
				document.put("sha256", row.getString("document_sha256"));
				step.put("document", document);
			}
			return step;
		}, key);
	}

	/**
	 * One event with its request, answer, delivery steps, documents and actions.
	 * @param id the journal id
	 * @return the event, or null
	 */
	public Map<String, Object> event(String id) {
		List<Map<String, Object>> found = this.jdbc.query(
				"SELECT " + SUMMARY + ", content_type, answer, body_complete FROM " + EVENTS + " WHERE id = ?",
				(row, index) -> {
					Map<String, Object> event = summary(row);
					event.put("contentType", row.getString("content_type"));
					event.put("answer", row.getString("answer"));
					event.put("bodyStored", row.getBoolean("body_complete"));
					return event;
				}, id);
		if (found.isEmpty()) {
			return null;
		}
		Map<String, Object> event = found.get(0);
		String key = (String) event.remove("messageKey");
		Map<String, Object> request = new LinkedHashMap<>();
		for (String field : List.of("source", "method", "path", "authScheme", "contentType", "size")) {
			request.put(field, event.remove(field));
		}
		event.put("request", request);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", event.remove("answerStatus"));
		answer.put("body", event.remove("answer"));
		answer.put("reason", event.remove("reason"));
		event.put("answer", answer);
		List<Map<String, Object>> deliveries = (key != null) ? deliveries(key) : List.of();
		event.put("targets", (key != null) ? targets(key) : List.of());
		event.put("deliveries", deliveries);
		event.put("documents",
				deliveries.stream()
					.filter((step) -> step.containsKey("document"))
					.map((step) -> step.get("document"))
					.toList());
		event.put("actions", this.jdbc
			.queryForList(
					"SELECT at, actor, action, target, outcome FROM " + ACTIONS + " WHERE event_id = ? ORDER BY at", id)
			.stream()
			.map((row) -> {
				Map<String, Object> action = new LinkedHashMap<>();
				action.put("at", Instant.ofEpochMilli(((Number) row.get("at")).longValue()).toString());
				action.put("actor", row.get("actor"));
				action.put("action", row.get("action"));
				action.put("target", row.get("target"));
				action.put("outcome", row.get("outcome"));
				return action;
			})
			.toList());
		return event;
	}

	/**
	 * The key an event's delivery steps are journaled under.
	 * @param id the journal id
	 * @return the idempotency key, or null
	 */
	public String messageKey(String id) {
		List<String> keys = this.jdbc.queryForList("SELECT message_key FROM " + EVENTS + " WHERE id = ?", String.class,
				id);
		return keys.isEmpty() ? null : keys.get(0);
	}

	/**
	 * The body of an event as received.
	 * @param id the journal id
	 * @return the body and its content type, or null when none is kept
	 */
	public StoredBody body(String id) {
		List<StoredBody> found = this.jdbc.query(
				"SELECT body, content_type, body_complete, format FROM " + EVENTS + " WHERE id = ?", (row, index) -> {
					byte[] body = row.getBytes("body");
					return (body == null) ? null : new StoredBody(gunzip(body), row.getString("content_type"),
							row.getBoolean("body_complete"), row.getString("format"));
				}, id);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * A journaled body.
	 *
	 * @param bytes the bytes as received (as far as kept)
	 * @param contentType the request's Content-Type
	 * @param complete whether it is the whole body
	 * @param format json or xml, when recognised
	 */
	public record StoredBody(byte[] bytes, String contentType, boolean complete, String format) {

	}

	/**
	 * The overview: events per hour over the last 24 hours, counts by status.
	 * @return the overview
	 */
	public Map<String, Object> overview() {
		long now = System.currentTimeMillis();
		long hour = Duration.ofHours(1).toMillis();
		long firstHour = (now / hour - 23) * hour;
		long[] perHour = new long[24];
		this.jdbc.query("SELECT received_at FROM " + EVENTS + " WHERE received_at >= ?",
				(org.springframework.jdbc.core.RowCallbackHandler) (row) -> {
					int index = (int) ((row.getLong(1) - firstHour) / hour);
					if (index >= 0 && index < 24) {
						perHour[index]++;
					}
				}, firstHour);
		List<Map<String, Object>> hours = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("hour", Instant.ofEpochMilli(firstHour + i * hour).toString());
			entry.put("count", perHour[i]);
			hours.add(entry);
		}
		Map<String, Object> byStatus = new LinkedHashMap<>();
		STATUSES.forEach((status) -> byStatus.put(status, 0L));
		this.jdbc.query("SELECT status, COUNT(*) FROM " + EVENTS + " GROUP BY status",
				(org.springframework.jdbc.core.RowCallbackHandler) (row) -> byStatus.put(row.getString(1),
						row.getLong(2)));
		Map<String, Object> overview = new HashMap<>();
		overview.put("perHour", hours);
		overview.put("byStatus", byStatus);
		overview.put("journalDropped", this.dropped.get());
		overview.put("refusedNotJournaled", this.refusedNotJournaled.get());
		return overview;
	}

	/**
	 * A search of the journal.
	 *
	 * @param q a purchase order number, order id, shipment number or message id
	 * @param status the event's status
	 * @param kind the event's kind
	 * @param eventName the event's name
	 * @param from received at or after
	 * @param to received before
	 * @param page the page, from 0
	 * @param size events per page
	 */
	public record Search(String q, String status, String kind, String eventName, Instant from, Instant to, int page,
			int size) {

	}

	// ---- helpers

	private JsonNode readAnswer(String answer) {
		if (answer == null || answer.isBlank()) {
			return null;
		}
		try {
			return this.json.readTree(answer);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static String text(JsonNode node, String field) {
		if (node == null || !node.hasNonNull(field)) {
			return null;
		}
		return node.get(field).asText();
	}

	private static String cut(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	private static String bodyHash(byte[] body) {
		return "sha256:" + Codecs.hex(Codecs.sha256().digest(body));
	}

	/**
	 * A body compressed as it is kept: gzip's fastest level, 25 µs for the 4 KB sample
	 * order against 44 µs at its default level, for 1,078 bytes kept instead of 957.
	 */
	static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
		try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
			{
				this.def.setLevel(Deflater.BEST_SPEED);
			}
		}) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	static byte[] gunzip(byte[] bytes) {
		try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return gzip.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The latest step of an event to one target. */
	private record LatestStep(String outcome, int attempts, long at) {
	}

	/**
	 * An event's status derived from its delivery steps, taken one at a time in the order
	 * they were journaled.
	 */
	private static final class StatusOfSteps {

		private final String erpQueueTarget;

		private final String eventsQueueTarget;

		private final Map<String, String> latest = new HashMap<>();

		private boolean any;

		private boolean dead;

		private boolean waitingForErp;

		// how often the event was put on the events queue, and how often its consumer
		// finished it: counted, not ordered, since a consumer may finish an event before
		// the step that put it on the queue is journaled (its sender hears of the send
		// after the broker has handed the event on)
		private int queued;

		private int finished;

		StatusOfSteps(String erpQueueTarget, String eventsQueueTarget) {
			this.erpQueueTarget = erpQueueTarget;
			this.eventsQueueTarget = eventsQueueTarget;
		}

		void add(String target, String outcome) {
			this.any = true;
			if ("dead-lettered".equals(outcome)) {
				this.dead = true;
				this.latest.clear();
				this.queued = 0;
				this.finished = 0;
				return;
			}
			if ("ok".equals(outcome)) {
				this.dead = false;
			}
			if (target.equals(this.erpQueueTarget) && "queued".equals(outcome)) {
				this.waitingForErp = true;
			}
			if (target.equals("erp") && "ok".equals(outcome)) {
				this.waitingForErp = false;
			}
			if (target.equals(this.eventsQueueTarget) && "queued".equals(outcome)) {
				this.queued++;
			}
			if (target.equals(EVERY_TARGET)) {
				this.finished++;
			}
			this.latest.put(target, outcome);
		}

		boolean none() {
			return !this.any;
		}

		String status() {
			if (this.dead) {
				return "dead-lettered";
			}
			if (this.latest.containsValue("failed")) {
				return "retrying";
			}
			if (this.latest.containsValue("ok") && !this.waitingForErp && this.finished >= this.queued) {
				return "delivered";
			}
			return "accepted";
		}

	}

}
