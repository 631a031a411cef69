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
 * database), each test with a schema of its own. A machine without PostgreSQL skips the
 * PostgreSQL tests and says why.
 */
public final class Databases {

	/**
	 * Where PostgreSQL is expected; {@code TRADECLOUD_TEST_POSTGRES_URL} overrides it.
	 */
	public static final String POSTGRES_URL = System.getenv()
		.getOrDefault("TRADECLOUD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

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
	 * A new, empty schema on the local PostgreSQL; skips the test when PostgreSQL cannot
	 * be reached.
	 * @return the JDBC URL of the schema
	 */
	public static String postgresSchema() {
		String schema = "tc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = admin().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
			schemas.add(schema);
		}
		catch (SQLException ex) {
			Assumptions.abort("PostgreSQL at " + POSTGRES_URL + " as " + POSTGRES_USER + " is not reachable ("
					+ ex.getMessage() + "): the PostgreSQL tests need it");
		}
		return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
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
