package io.tcconnector.delivery;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connector's crash test, on the packaged jar as operators run it: the simulator
 * sends 2,000 events the way Tradecloud does while the connector is killed with SIGKILL
 * twice in the middle of the burst and started again on the same data directory. Every
 * event accepted is in the orders folder exactly once (no file written twice, no
 * temporary file left) and on the orders queue exactly once; the stand-in ERP has every
 * event at least once, and each order's events in the order they were sent (see
 * {@link BurstWithRestarts}).
 */
class CrashRecoveryIT {

	final BurstWithRestarts burst = new BurstWithRestarts(Path.of("target/crash-recovery"));

	@AfterEach
	void stop() {
		this.burst.close();
	}

	@Test
	void everyEventAcceptedBeforeAKillIsDeliveredAfterTheRestartExactlyOnce() throws Exception {
		Map<String, Integer> repeats = this.burst.run((connector) -> connector.destroyForcibly().waitFor());

		System.out.printf("crash recovery: %d events, %d connector starts, %d events repeated at the ERP %s%n",
				BurstWithRestarts.EVENTS, this.burst.starts(), repeats.size(), repeats);
	}

}
