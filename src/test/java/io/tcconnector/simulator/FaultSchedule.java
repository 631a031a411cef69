package io.tcconnector.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults a test has asked for: the next requests matching a method and a path prefix
 * are answered with an error status, or their connection is dropped, before anything else
 * happens. Rules are tried in the order they were added.
 */
final class FaultSchedule {

	private final List<Rule> rules = new CopyOnWriteArrayList<>();

	/**
	 * Schedules a fault.
	 * @param method the HTTP method, {@code *} or null for any
	 * @param pathPrefix the start of the paths it applies to
	 * @param fault what to do
	 * @param times how many requests it applies to
	 */
	void add(String method, String pathPrefix, InjectedFault fault, int times) {
		if (times < 1) {
			throw new IllegalArgumentException("times must be at least 1: " + times);
		}
		if (pathPrefix == null || !pathPrefix.startsWith("/")) {
			throw new IllegalArgumentException("pathPrefix must start with '/': " + pathPrefix);
		}
		this.rules.add(new Rule(normalizeMethod(method), pathPrefix, fault, new AtomicInteger(times)));
	}

	/**
	 * Takes the fault for a request, if one is scheduled, and counts it as used.
	 * @param method the request method
	 * @param path the request path
	 * @return the fault to apply
	 */
	Optional<InjectedFault> take(String method, String path) {
		for (Rule rule : this.rules) {
			if (rule.matches(method, path) && rule.remaining.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				if (rule.remaining.get() == 0) {
					this.rules.remove(rule);
				}
				return Optional.of(rule.fault);
			}
		}
		return Optional.empty();
	}

	void clear() {
		this.rules.clear();
	}

	static String normalizeMethod(String method) {
		return (method == null || method.isBlank()) ? "*" : method.trim().toUpperCase(Locale.ROOT);
	}

	/**
	 * What to do instead of answering.
	 *
	 * @param status the status to answer with, when not dropping
	 * @param drop whether to close the connection without answering
	 */
	record InjectedFault(int status, boolean drop) {

		static InjectedFault answer(int status) {
			if (status < 100 || status > 599) {
				throw new IllegalArgumentException("status must be between 100 and 599: " + status);
			}
			return new InjectedFault(status, false);
		}

		static InjectedFault dropConnection() {
			return new InjectedFault(0, true);
		}

	}

	private record Rule(String method, String pathPrefix, InjectedFault fault, AtomicInteger remaining) {

		boolean matches(String requestMethod, String path) {
			return ("*".equals(this.method) || this.method.equalsIgnoreCase(requestMethod))
					&& path.startsWith(this.pathPrefix);
		}

	}

}
