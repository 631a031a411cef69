package io.tcconnector.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The databases the connector keeps its state in, for tests: an embedded H2 file (the
 * default) and the PostgreSQL that runs on developer and CI machines (a cluster's shared
 * database), each test with a schema of its own. A machine without PostgreSQL (none
 * configured with {@code TRADECLOUD_TEST_POSTGRES_URL} and none listening where it is
 * expected) skips the PostgreSQL tests and says why; a PostgreSQL that is configured or
 * listening but refuses (a wrong user, a missing database) fails them.
 */
public final class Databases {

	/**
	 * Where PostgreSQL is expected; {@code TRADECLOUD_TEST_POSTGRES_URL} overrides it.
	 */
	public static final String POSTGRES_URL = System.getenv()
		.getOrDefault("TRADECLOUD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	/** Whether PostgreSQL was configured explicitly: then it must be there. */
	static final boolean POSTGRES_CONFIGURED = System.getenv("TRADECLOUD_TEST_POSTGRES_URL") != null;

	/** The PostgreSQL user; {@code TRADECLOUD_TEST_POSTGRES_USER} overrides it. */
	public static final String POSTGRES_USER = System.getenv()
		.getOrDefault("TRADECLOUD_TEST_POSTGRES_USER", "postgres");

	private static final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

	private static final List<String> schemas = new CopyOnWriteArrayList<>();

	private Databases() {
	}

	/**
	 * Closes the pools handed out and drops the PostgreSQL schemas made, after a test
	 * class.
	 */
	public static void closeAll() {
		for (HikariDataSource pool : pools) {
			pool.close();
		}
		pools.clear();
		for (String schema : schemas) {
			try (Connection connection = admin().getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
			}
			catch (SQLException ex) {
				// left behind; harmless
			}
		}
		schemas.clear();
	}

	private static PGSimpleDataSource admin() {
		PGSimpleDataSource admin = new PGSimpleDataSource();
		admin.setUrl(POSTGRES_URL);
		admin.setUser(POSTGRES_USER);
		admin.setConnectTimeout(3);
		return admin;
	}

	/**
	 * A new embedded H2 database in a file of its own, as the connector uses by default.
	 * @return the data source
	 */
	public static DataSource h2() {
		try {
			Path folder = Files.createTempDirectory("state");
			return pooled("jdbc:h2:file:" + folder.resolve("connector").toAbsolutePath(), "sa");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * A new, empty schema on the local PostgreSQL; skips the test only when no PostgreSQL
	 * is configured and none listens at the default address, fails it when one is
	 * configured or listening and refuses.
	 * @return the JDBC URL of the schema
	 */
	public static String postgresSchema() {
		if (!POSTGRES_CONFIGURED && !listening(POSTGRES_URL)) {
			Assumptions.abort("no PostgreSQL listens at " + POSTGRES_URL
					+ " and TRADECLOUD_TEST_POSTGRES_URL is not set: the PostgreSQL tests need one");
		}
		String schema = "tc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = admin().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
			schemas.add(schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + POSTGRES_URL + " as " + POSTGRES_USER
					+ " is configured or listening but refused a new schema: " + ex.getMessage(), ex);
		}
		return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	/**
	 * Whether something accepts TCP connections at the host and port of a PostgreSQL JDBC
	 * URL.
	 */
	static boolean listening(String url) {
		java.net.URI address = java.net.URI.create(url.substring("jdbc:".length()));
		String host = (address.getHost() != null) ? address.getHost() : "localhost";
		int port = (address.getPort() != -1) ? address.getPort() : 5432;
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.connect(new java.net.InetSocketAddress(host, port), 2000);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	/**
	 * A data source on a new schema of the local PostgreSQL.
	 * @return the data source
	 */
	public static DataSource postgres() {
		return pooled(postgresSchema(), POSTGRES_USER);
	}

	/** A connection pool, as the connector has (Spring Boot's HikariCP). */
	private static DataSource pooled(String url, String user) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(user);
		pool.setMaximumPoolSize(8);
		pool.setMinimumIdle(1);
		pools.add(pool);
		return pool;
	}

}
