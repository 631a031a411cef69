package io.tcconnector.simulator;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the simulator received, per method and path, the logins, refreshes,
 * ERP and Entra token requests that issued tokens, and the Entra JWK set requests, so
 * tests can assert how a client behaved.
 */
final class RequestCounters {

	private final Map<String, Map<String, LongAdder>> byMethodAndPath = new ConcurrentHashMap<>();

	private final AtomicInteger logins = new AtomicInteger();

	private final AtomicInteger refreshes = new AtomicInteger();

	private final AtomicInteger erpTokens = new AtomicInteger();

	private final AtomicInteger entraTokens = new AtomicInteger();

	private final AtomicInteger entraKeys = new AtomicInteger();

	void record(String method, String path) {
		this.byMethodAndPath.computeIfAbsent(method.toUpperCase(Locale.ROOT), (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(path, (key) -> new LongAdder())
			.increment();
	}

	int requests(String method, String pathPrefix) {
		String wanted = FaultSchedule.normalizeMethod(method);
		long total = 0;
		for (Map.Entry<String, Map<String, LongAdder>> perMethod : this.byMethodAndPath.entrySet()) {
			if ("*".equals(wanted) || wanted.equals(perMethod.getKey())) {
				for (Map.Entry<String, LongAdder> perPath : perMethod.getValue().entrySet()) {
					if (perPath.getKey().startsWith(pathPrefix)) {
						total += perPath.getValue().sum();
					}
				}
			}
		}
		return (int) total;
	}

	void loggedIn() {
		this.logins.incrementAndGet();
	}

	void refreshed() {
		this.refreshes.incrementAndGet();
	}

	void erpTokenIssued() {
		this.erpTokens.incrementAndGet();
	}

	void entraTokenIssued() {
		this.entraTokens.incrementAndGet();
	}

	void entraKeysRequested() {
		this.entraKeys.incrementAndGet();
	}

	int logins() {
		return this.logins.get();
	}

	int refreshes() {
		return this.refreshes.get();
	}

	int erpTokens() {
		return this.erpTokens.get();
	}

	int entraTokens() {
		return this.entraTokens.get();
	}

	int entraKeys() {
		return this.entraKeys.get();
	}

	void reset() {
		this.byMethodAndPath.clear();
		this.logins.set(0);
		this.refreshes.set(0);
		this.erpTokens.set(0);
		this.entraTokens.set(0);
		this.entraKeys.set(0);
	}

}
