package io.tcconnector.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link WebhookSender} tries again: exponential back-off from {@code initialDelay},
 * multiplied by {@code multiplier} after each retry and capped at {@code maxDelay}, for
 * at most {@code maxAttempts} attempts in all. Tradecloud itself retries indefinitely;
 * see {@link #indefinitely(Duration, double, Duration)}.
 *
 * @param initialDelay the wait before the second attempt
 * @param multiplier the factor between consecutive waits, at least 1
 * @param maxDelay the longest wait
 * @param maxAttempts the number of attempts in all, at least 1
 */
public record RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {

	/**
	 * Checks the policy.
	 * @param initialDelay not negative
	 * @param multiplier at least 1
	 * @param maxDelay not shorter than {@code initialDelay}
	 * @param maxAttempts at least 1
	 */
	public RetryPolicy {
		Objects.requireNonNull(initialDelay, "initialDelay");
		Objects.requireNonNull(maxDelay, "maxDelay");
		if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
			throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay: " + initialDelay + ", " + maxDelay);
		}
		if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
			throw new IllegalArgumentException("multiplier must be a number of at least 1: " + multiplier);
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
		}
	}

	/**
	 * A policy that retries as long as Tradecloud does: without limit.
	 * @param initialDelay the wait before the second attempt
	 * @param multiplier the factor between consecutive waits
	 * @param maxDelay the longest wait
	 * @return the policy
	 */
	public static RetryPolicy indefinitely(Duration initialDelay, double multiplier, Duration maxDelay) {
		return new RetryPolicy(initialDelay, multiplier, maxDelay, Integer.MAX_VALUE);
	}

	/**
	 * Whether an answer with this status is retried: only statuses above 500. A 2xx is
	 * delivered, a 4xx or a 500 is a final failure.
	 * @param status the HTTP status of the answer
	 * @return whether to try again
	 */
	public static boolean isRetryable(int status) {
		return status > 500 && status < 600;
	}

	/**
	 * The wait before an attempt: none before the first,
	 * {@code initialDelay * multiplier^(attempt - 2)} before the others, at most
	 * {@code maxDelay}.
	 * @param attempt the attempt about to be made, from 1
	 * @return the wait
	 */
	public Duration delayBefore(int attempt) {
		if (attempt <= 1) {
			return Duration.ZERO;
		}
		double nanos = this.initialDelay.toNanos() * Math.pow(this.multiplier, attempt - 2);
		if (nanos >= this.maxDelay.toNanos()) {
			return this.maxDelay;
		}
		return Duration.ofNanos((long) nanos);
	}

}
