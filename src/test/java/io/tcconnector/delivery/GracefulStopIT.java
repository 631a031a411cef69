package io.tcconnector.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector stopped the way a service manager stops it (SIGTERM: {@code systemctl
 * stop}, a pod deleted; a Windows service gets Ctrl+C, which the JVM handles the same)
 * while events arrive: the packaged jar takes 2,000 events sent the way Tradecloud does
 * and is stopped twice in the middle of the burst, each time started again at once (see
 * {@link BurstWithRestarts}). It stops by itself, well within a service manager's
 * patience, in the order that loses nothing: the web server answers the requests in
 * flight, then the routes stop with each consumer finishing the message it holds, then
 * the broker. Every event is in the orders folder and on the orders queue exactly once,
 * and, unlike after a crash, at the ERP exactly once too: no consumer was stopped holding
 * a message.
 */
class GracefulStopIT {

	/** systemd's TimeoutStopSec, WinSW's stoptimeout, Kubernetes' grace period. */
	static final Duration SERVICE_MANAGER_PATIENCE = Duration.ofSeconds(90);

	final BurstWithRestarts burst = new BurstWithRestarts(Path.of("target/graceful-stop"));

	final List<Duration> stops = new ArrayList<>();

	@AfterEach
	void stop() {
		this.burst.close();
	}

	@Test
	void aConnectorStoppedWhileEventsArriveAnswersWhatItTookAndDeliversEveryEventExactlyOnce() throws Exception {
		Map<String, Integer> repeats = this.burst.run((connector) -> {
			long start = System.nanoTime();
			connector.destroy();
			assertThat(connector.waitFor(SERVICE_MANAGER_PATIENCE.toSeconds(), TimeUnit.SECONDS))
				.as("stopped by itself")
				.isTrue();
			this.stops.add(Duration.ofNanos(System.nanoTime() - start));
			// 128 + SIGTERM: the JVM ran its shutdown hooks to their end
			assertThat(connector.exitValue()).isEqualTo(143);
		});

		assertThat(repeats).as("events the ERP got twice").isEmpty();
		assertThat(this.stops).hasSize(2);
		for (Path log : this.burst.startLogs.subList(0, 2)) {
			String text = Files.readString(log);
			assertThat(text).as(log.toString())
				.containsSubsequence("Commencing graceful shutdown", "Graceful shutdown complete",
						"(tradecloud-webhook-connector) is shutting down", "(tradecloud-webhook-connector) shutdown in",
						"AMQ221002")
				.doesNotContain("Graceful shutdown aborted")
				// the database stays open until the routes have stopped
				.doesNotContain("Database is already closed")
				.doesNotContain("Timeout occurred during graceful shutdown")
				.doesNotContain("Forcing");
		}
		System.out.printf("graceful stop: %d events, %d connector starts, stops took %s%n", BurstWithRestarts.EVENTS,
				this.burst.starts(), this.stops);
	}

}
