package io.tcconnector.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

import org.springframework.jms.support.destination.CachingDestinationResolver;
import org.springframework.jms.support.destination.DynamicDestinationResolver;

/**
 * Resolves a queue or topic name to its destination once and keeps it. Spring's default
 * resolver asks the session each time, and an Artemis session answers by asking the
 * broker whether the queue exists: a round trip on every message sent, each shipment line
 * and each webhook waiting for it. A destination is only a name, valid in every session.
 */
public class QueueDestinations implements CachingDestinationResolver {

	private final DynamicDestinationResolver resolver = new DynamicDestinationResolver();

	private final Map<String, Destination> queues = new ConcurrentHashMap<>();

	private final Map<String, Destination> topics = new ConcurrentHashMap<>();

	@Override
	public Destination resolveDestinationName(Session session, String name, boolean pubSubDomain) throws JMSException {
		Map<String, Destination> known = pubSubDomain ? this.topics : this.queues;
		Destination destination = known.get(name);
		if (destination == null) {
			destination = this.resolver.resolveDestinationName(session, name, pubSubDomain);
			known.put(name, destination);
		}
		return destination;
	}

	@Override
	public void removeFromCache(String name) {
		this.queues.remove(name);
		this.topics.remove(name);
	}

	@Override
	public void clearCache() {
		this.queues.clear();
		this.topics.clear();
	}

}
