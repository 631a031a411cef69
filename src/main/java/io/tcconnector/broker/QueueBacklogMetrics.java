package io.tcconnector.broker;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tcconnector.config.TradecloudProperties;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;

/**
 * The backlog of the connector's own queues on the embedded broker, as gauges: the
 * messages waiting on each pending queue and on the dead-letter queue
 * ({@code tradecloud.queue.messages}, those being worked on included), and how long the
 * oldest of them has waited ({@code tradecloud.queue.oldest.age}, in seconds; 0 when the
 * queue is empty), also when it is the one being retried. Each has the queue's name and
 * its role ({@code events}, {@code erp}, {@code documents}, {@code dead-letters}), which
 * does not change when a queue is renamed.
 */
public class QueueBacklogMetrics implements MeterBinder {

	private final Supplier<ActiveMQServer> server;

	private final Map<String, String> queuesByRole;

	public QueueBacklogMetrics(Supplier<ActiveMQServer> server, TradecloudProperties.Targets targets) {
		this.server = server;
		this.queuesByRole = Map.of("events", targets.eventsPendingQueue(), "erp", targets.erpPendingQueue(),
				"documents", targets.documentsPendingQueue(), "dead-letters", targets.deadLetterQueue());
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.queuesByRole.forEach((role, queue) -> {
			Gauge.builder("tradecloud.queue.messages", () -> messages(queue))
				.description("Messages waiting on one of the connector's queues, those being worked on included")
				.tags("queue", queue, "role", role)
				.register(registry);
			Gauge.builder("tradecloud.queue.oldest.age", () -> oldestAgeSeconds(queue))
				.description("How long the oldest message on one of the connector's queues has waited")
				.tags("queue", queue, "role", role)
				.baseUnit("seconds")
				.register(registry);
		});
	}

	private Queue queue(String name) {
		ActiveMQServer broker = this.server.get();
		return (broker != null && broker.isActive()) ? broker.locateQueue(name) : null;
	}

	private double messages(String name) {
		Queue queue = queue(name);
		return (queue != null) ? queue.getMessageCount() : 0;
	}

	private double oldestAgeSeconds(String name) {
		Queue queue = queue(name);
		if (queue == null) {
			return 0;
		}
		long oldest = Long.MAX_VALUE;
		oldest = Math.min(oldest, timestamp(queue.peekFirstMessage()));
		oldest = Math.min(oldest, timestamp(queue.peekFirstScheduledMessage()));
		for (List<MessageReference> delivering : queue.getDeliveringMessages().values()) {
			for (MessageReference reference : delivering) {
				oldest = Math.min(oldest, timestamp(reference));
			}
		}
		if (oldest == Long.MAX_VALUE) {
			return 0;
		}
		return Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
	}

	private static long timestamp(MessageReference reference) {
		if (reference == null || reference.getMessage() == null || reference.getMessage().getTimestamp() <= 0) {
			return Long.MAX_VALUE;
		}
		return reference.getMessage().getTimestamp();
	}

}
