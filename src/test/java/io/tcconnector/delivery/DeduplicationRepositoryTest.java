package io.tcconnector.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.tcconnector.delivery.DeduplicationRepository.State;
import io.tcconnector.support.Databases;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The de-duplication repository on both databases the connector runs on, the embedded H2
 * file and PostgreSQL (what a cluster shares): one taker per key however many try at
 * once, a copy of an event being taken is told from one taken, a failure releases the key
 * for Tradecloud's retry, and the lock of a taker that died expires.
 */
class DeduplicationRepositoryTest {

	static final Duration LOCK = Duration.ofSeconds(60);

	@AfterAll
	static void closeDatabases() {
		Databases.closeAll();
	}

	static Stream<Arguments> databases() {
		return Stream.of(Arguments.of("H2", (Supplier<DataSource>) Databases::h2),
				Arguments.of("PostgreSQL", (Supplier<DataSource>) Databases::postgres));
	}

	static DeduplicationRepository repository(DataSource dataSource, String processor, Duration lock) {
		return repository(dataSource, processor, lock, UUID.randomUUID().toString());
	}

	static DeduplicationRepository repository(DataSource dataSource, String processor, Duration lock, String instance) {
		DeduplicationRepository repository = new DeduplicationRepository(dataSource, processor, lock,
				Duration.ofDays(30), instance);
		repository.start();
		return repository;
	}

	static Exchange arrivedAt(Instant arrival) {
		Exchange exchange = new DefaultExchange(new DefaultCamelContext());
		exchange.getMessage().setHeader("tradecloudReceivedAt", arrival.toString());
		return exchange;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void aKeyIsTakenOnceAndThenADuplicate(String name, Supplier<DataSource> database) {
		DeduplicationRepository repository = repository(database.get(), "webhook", LOCK);

		assertThat(repository.state("m-1")).isEqualTo(State.NEW);
		assertThat(repository.add(arrivedAt(Instant.now()), "m-1")).isTrue();
		assertThat(repository.state("m-1")).isEqualTo(State.IN_PROGRESS);
		assertThat(repository.add(arrivedAt(Instant.now()), "m-1")).as("a copy while the first is taken").isFalse();

		repository.confirm("m-1");

		assertThat(repository.state("m-1")).isEqualTo(State.TAKEN);
		assertThat(repository.add(arrivedAt(Instant.now()), "m-1")).as("a copy after").isFalse();
		assertThat(repository.contains("m-1")).isTrue();
		assertThat(repository.contains("m-2")).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void aFailedTakeIsReleasedAndTheRetryKeepsTheFirstArrival(String name, Supplier<DataSource> database) {
		DeduplicationRepository repository = repository(database.get(), "webhook", LOCK);
		Instant first = Instant.parse("2026-11-20T09:15:02.114023Z");
		assertThat(repository.add(arrivedAt(first), "m-1")).isTrue();

		assertThat(repository.remove("m-1")).isTrue();

		assertThat(repository.state("m-1")).isEqualTo(State.NEW);
		Exchange retry = arrivedAt(first.plusSeconds(30));
		assertThat(repository.add(retry, "m-1")).isTrue();
		assertThat(retry.getMessage().getHeader("tradecloudReceivedAt")).as("named after its first arrival")
			.isEqualTo(first.toString());
		repository.confirm("m-1");
		assertThat(repository.remove("m-1")).as("a key taken stays taken").isFalse();
		assertThat(repository.state("m-1")).isEqualTo(State.TAKEN);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void theLockOfATakerThatDiedExpiresAndTheNextCopyTakesOver(String name, Supplier<DataSource> database) {
		DeduplicationRepository repository = repository(database.get(), "webhook", Duration.ofMillis(300));
		Instant first = Instant.parse("2026-11-20T09:15:02.114023Z");
		assertThat(repository.add(arrivedAt(first), "m-1")).isTrue();
		assertThat(repository.add(arrivedAt(Instant.now()), "m-1")).isFalse();

		await().atMost(Duration.ofSeconds(5)).until(() -> repository.state("m-1") == State.NEW);

		Exchange copy = arrivedAt(Instant.now());
		assertThat(repository.add(copy, "m-1")).isTrue();
		assertThat(copy.getMessage().getHeader("tradecloudReceivedAt")).isEqualTo(first.toString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void anInstanceRestartedAfterACrashReleasesOnlyItsOwnLocksAtOnce(String name, Supplier<DataSource> database) {
		DataSource shared = database.get();
		DeduplicationRepository crashed = repository(shared, "webhook", LOCK, "instance-a");
		DeduplicationRepository other = repository(shared, "webhook", LOCK, "instance-b");
		assertThat(crashed.add(arrivedAt(Instant.now()), "taken-by-a")).isTrue();
		assertThat(other.add(arrivedAt(Instant.now()), "taken-by-b")).isTrue();

		DeduplicationRepository restarted = repository(shared, "webhook", LOCK, "instance-a");

		assertThat(restarted.state("taken-by-a")).isEqualTo(State.NEW);
		assertThat(restarted.state("taken-by-b")).as("another instance's lock").isEqualTo(State.IN_PROGRESS);
		assertThat(restarted.add(arrivedAt(Instant.now()), "taken-by-a")).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void ofManyInstancesTakingTheSameKeysAtOnceExactlyOneWinsEach(String name, Supplier<DataSource> database)
			throws Exception {
		DataSource shared = database.get();
		List<DeduplicationRepository> instances = List.of(repository(shared, "webhook", LOCK),
				repository(shared, "webhook", LOCK), repository(shared, "webhook", LOCK),
				repository(shared, "webhook", LOCK));
		int keys = 200;
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> won = new ArrayList<>();
			for (DeduplicationRepository instance : instances) {
				for (int half = 0; half < 2; half++) {
					Callable<Integer> taker = () -> {
						start.await();
						int taken = 0;
						for (int key = 0; key < keys; key++) {
							if (instance.add(arrivedAt(Instant.now()), "m-" + key)) {
								taken++;
								instance.confirm("m-" + key);
							}
						}
						return taken;
					};
					won.add(pool.submit(taker));
				}
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> each : won) {
				total += each.get();
			}
			assertThat(total).as("takers of %d keys tried by 8 threads on 4 instances", keys).isEqualTo(keys);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void repositoriesOfDifferentThingsShareTheTableWithoutMeetingAndOldKeysAreForgotten(String name,
			Supplier<DataSource> database) {
		DataSource shared = database.get();
		DeduplicationRepository webhooks = repository(shared, "webhook", LOCK);
		DeduplicationRepository documents = new DeduplicationRepository(shared, "document", LOCK, Duration.ZERO,
				"instance-1");
		documents.start();
		assertThat(webhooks.add(arrivedAt(Instant.now()), "k")).isTrue();
		webhooks.confirm("k");
		assertThat(documents.contains("k")).isFalse();
		assertThat(documents.add("k")).isTrue();
		documents.confirm("k");

		assertThat(documents.purge()).as("retention zero: forgotten").isEqualTo(1);
		assertThat(webhooks.purge()).as("retention 30 days: kept").isZero();
		assertThat(documents.contains("k")).isFalse();
		assertThat(webhooks.state("k")).isEqualTo(State.TAKEN);
	}

}
