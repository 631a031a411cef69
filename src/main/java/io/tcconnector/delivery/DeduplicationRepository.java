package io.tcconnector.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.tcconnector.codec.Codecs;
import io.tcconnector.tradecloud.TradecloudHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.processor.idempotent.jdbc.AbstractJdbcMessageIdRepository;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Camel idempotent repository on JDBC (the embedded H2 file by default, PostgreSQL for
 * a cluster: the same SQL for both) that tells an event being taken from an event taken.
 * <p>
 * {@link #add(Exchange, String) add} takes a key: it inserts a row, and the primary key
 * lets exactly one of several instances taking the same event at once win. The row is a
 * lock until {@link #confirm(String) confirm} marks the event taken; a failure
 * {@link #remove(String) releases} the lock so that Tradecloud's retry takes it again. A
 * lock older than the lock time-out belongs to an instance that died while taking the
 * event: the next copy takes it over. The row remembers when the event first arrived, so
 * that a retry (after a failure or a crash) writes under the same file names.
 */
public class DeduplicationRepository extends AbstractJdbcMessageIdRepository {

	/** The table; one row per processor name and key. */
	public static final String TABLE = "tradecloud_message";

	private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE
			+ " (processor_name VARCHAR(32) NOT NULL, message_key VARCHAR(255) NOT NULL,"
			+ " received_at BIGINT NOT NULL, locked_at BIGINT, locked_by VARCHAR(64), taken_at BIGINT,"
			+ " PRIMARY KEY (processor_name, message_key))";

	/**
	 * The purge reads only the keys old enough to go: it never waits on the keys being
	 * taken at the same moment (H2 answered a purge that scanned every key of a busy
	 * table with a lock time-out).
	 */
	private static final String CREATE_PURGE_INDEX = "CREATE INDEX IF NOT EXISTS " + TABLE + "_received ON " + TABLE
			+ " (processor_name, received_at)";

	private static final String INSERT = "INSERT INTO " + TABLE
			+ " (processor_name, message_key, received_at, locked_at, locked_by) VALUES (?, ?, ?, ?, ?)";

	private static final String TAKE_OVER = "UPDATE " + TABLE
			+ " SET locked_at = ?, locked_by = ? WHERE processor_name = ? AND message_key = ? AND taken_at IS NULL"
			+ " AND (locked_at IS NULL OR locked_at < ?)";

	private static final String RELEASE_STALE = "UPDATE " + TABLE
			+ " SET locked_at = NULL WHERE processor_name = ? AND locked_by = ? AND taken_at IS NULL"
			+ " AND locked_at IS NOT NULL";

	private static final String RECEIVED_AT = "SELECT received_at FROM " + TABLE
			+ " WHERE processor_name = ? AND message_key = ?";

	private static final String CONFIRM = "UPDATE " + TABLE
			+ " SET taken_at = ?, locked_at = NULL WHERE processor_name = ? AND message_key = ?";

	private static final String RELEASE = "UPDATE " + TABLE
			+ " SET locked_at = NULL WHERE processor_name = ? AND message_key = ? AND taken_at IS NULL";

	private static final String STATE = "SELECT taken_at, locked_at FROM " + TABLE
			+ " WHERE processor_name = ? AND message_key = ?";

	private static final String CLEAR = "DELETE FROM " + TABLE + " WHERE processor_name = ?";

	private static final String PURGE = "DELETE FROM " + TABLE
			+ " WHERE processor_name = ? AND received_at < ? AND (locked_at IS NULL OR locked_at < ?)";

	private final Duration lockTimeout;

	private final Duration retention;

	private final String instance;

	/**
	 * What the repository knows of a key.
	 */
	public enum State {

		/** Never seen, or released after a failure: the next copy takes it. */
		NEW,

		/**
		 * Being taken right now (or by an instance that died, until the lock expires).
		 */
		IN_PROGRESS,

		/** Taken: every further copy is a duplicate. */
		TAKEN

	}

	/**
	 * Creates a repository.
	 * @param dataSource the database
	 * @param processorName what the keys are of (webhooks, documents), so that one table
	 * serves several repositories
	 * @param lockTimeout how long a lock that was not confirmed holds off other copies
	 * @param retention how long keys are remembered
	 * @param instance what this connector instance is called, the same across restarts
	 * (its data directory's id): its locks left from before a restart are released when
	 * it starts
	 */
	public DeduplicationRepository(DataSource dataSource, String processorName, Duration lockTimeout,
			Duration retention, String instance) {
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.processorName = processorName;
		this.lockTimeout = lockTimeout;
		this.retention = retention;
		this.instance = instance;
	}

	/**
	 * Creates the table when it is missing, and releases the locks this instance held
	 * when it stopped (killed in the middle of taking an event): Tradecloud's retry of
	 * that event is taken at once instead of after the lock time-out.
	 */
	@Override
	protected void doStart() throws Exception {
		try {
			this.jdbcTemplate.execute(CREATE);
			this.jdbcTemplate.execute(CREATE_PURGE_INDEX);
		}
		catch (DataAccessException ex) {
			// another instance created it at the same moment: fine if it is there now
			this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE 1 = 0", Integer.class);
		}
		int released = this.jdbcTemplate.update(RELEASE_STALE, this.processorName, this.instance);
		if (released > 0) {
			log.info("Released {} {} keys this instance was taking when it stopped", released, this.processorName);
		}
	}

	/**
	 * Takes a key for an exchange: a new key, a key released after a failure, or one
	 * whose lock expired. On a take-over the exchange's {@code tradecloudReceivedAt}
	 * header becomes the first arrival's.
	 * @param exchange the exchange
	 * @param key the key
	 * @return true when this exchange now holds the key, false for a duplicate (taken or
	 * in progress)
	 */
	@Override
	public boolean add(Exchange exchange, String key) {
		String receivedAt = exchange.getMessage().getHeader(TradecloudHeaders.RECEIVED_AT, String.class);
		Instant firstArrival = take(key, (receivedAt != null) ? Instant.parse(receivedAt) : Instant.now());
		if (firstArrival != null && receivedAt != null) {
			exchange.getMessage().setHeader(TradecloudHeaders.RECEIVED_AT, firstArrival.toString());
		}
		return firstArrival != null;
	}

	@Override
	public boolean add(String key) {
		return take(key, Instant.now()) != null;
	}

	/**
	 * Takes a key.
	 * @param key the key
	 * @param arrival when the copy taking it arrived
	 * @return when the key first arrived (this arrival for a new key), or null when the
	 * key is taken or locked by someone else
	 */
	private Instant take(String key, Instant arrival) {
		long now = System.currentTimeMillis();
		try {
			this.jdbcTemplate.update(INSERT, this.processorName, key, Codecs.micros(arrival), now, this.instance);
			return arrival;
		}
		catch (DuplicateKeyException ex) {
			if (this.jdbcTemplate.update(TAKE_OVER, now, this.instance, this.processorName, key,
					now - this.lockTimeout.toMillis()) == 0) {
				return null;
			}
			List<Long> first = this.jdbcTemplate.queryForList(RECEIVED_AT, Long.class, this.processorName, key);
			return first.isEmpty() ? arrival : Codecs.fromMicros(first.get(0));
		}
	}

	/**
	 * Whether a key is taken or being taken.
	 * @param key the key
	 * @return true unless the key is {@link State#NEW}
	 */
	@Override
	public boolean contains(String key) {
		return state(key) != State.NEW;
	}

	/**
	 * What the repository knows of a key.
	 * @param key the key
	 * @return its state
	 */
	public State state(String key) {
		List<State> states = this.jdbcTemplate.query(STATE, (row, index) -> {
			row.getLong("taken_at");
			if (!row.wasNull()) {
				return State.TAKEN;
			}
			long lockedAt = row.getLong("locked_at");
			boolean locked = !row.wasNull() && lockedAt >= System.currentTimeMillis() - this.lockTimeout.toMillis();
			return locked ? State.IN_PROGRESS : State.NEW;
		}, this.processorName, key);
		return states.isEmpty() ? State.NEW : states.get(0);
	}

	/**
	 * Marks a key taken when the exchange holds it. The idempotent consumer also
	 * completes the exchanges of copies it let through as duplicates: those must neither
	 * confirm nor release a key someone else is taking.
	 * @param exchange the exchange that completed
	 * @param key the key
	 * @return true
	 */
	@Override
	public boolean confirm(Exchange exchange, String key) {
		return isCopy(exchange) || confirm(key);
	}

	/**
	 * Releases a key after its exchange failed, when the exchange held it (see
	 * {@link #confirm(Exchange, String)}).
	 * @param exchange the exchange that failed
	 * @param key the key
	 * @return whether a lock was released
	 */
	@Override
	public boolean remove(Exchange exchange, String key) {
		return !isCopy(exchange) && remove(key);
	}

	private static boolean isCopy(Exchange exchange) {
		return exchange.getProperty(ExchangePropertyKey.DUPLICATE_MESSAGE, false, Boolean.class);
	}

	/**
	 * Marks a key taken: every further copy is a duplicate.
	 * @param key the key
	 * @return true
	 */
	@Override
	public boolean confirm(String key) {
		this.jdbcTemplate.update(CONFIRM, System.currentTimeMillis(), this.processorName, key);
		return true;
	}

	/**
	 * Releases the lock on a key that was not taken (its exchange failed); the first
	 * arrival is remembered.
	 * @param key the key
	 * @return whether a lock was released
	 */
	@Override
	public boolean remove(String key) {
		return this.jdbcTemplate.update(RELEASE, this.processorName, key) > 0;
	}

	@Override
	public void clear() {
		this.jdbcTemplate.update(CLEAR, this.processorName);
	}

	/**
	 * Forgets keys that first arrived longer ago than the retention and are not locked.
	 * @return how many were forgotten
	 */
	public int purge() {
		// received_at holds microseconds: the cut-off too, not a millisecond-truncated
		// one
		Instant now = Instant.now();
		int purged = this.jdbcTemplate.update(PURGE, this.processorName, Codecs.micros(now.minus(this.retention)),
				now.toEpochMilli() - this.lockTimeout.toMillis());
		if (purged > 0) {
			log.info("Forgot {} {} keys older than {}", purged, this.processorName, this.retention);
		}
		return purged;
	}

	@Override
	protected int queryForInt(String key) {
		return contains(key) ? 1 : 0;
	}

	@Override
	protected int insert(String key) {
		return add(key) ? 1 : 0;
	}

	@Override
	protected int delete(String key) {
		return remove(key) ? 1 : 0;
	}

	@Override
	protected int delete() {
		return this.jdbcTemplate.update(CLEAR, this.processorName);
	}

}
