package io.tcconnector.monitoring;

import org.apache.camel.support.EventNotifierSupport;

/**
 * A notifier of Camel's exchange events alone: no context, route, service or step events,
 * nor an exchange's creation, completion or asynchronous start. What the delivery metrics
 * and the event journal hear; Camel times a send, and reports it sent, only when its
 * sending event is taken, so that one stays.
 */
public abstract class ExchangeEventNotifier extends EventNotifierSupport {

	protected ExchangeEventNotifier() {
		setIgnoreCamelContextEvents(true);
		setIgnoreCamelContextInitEvents(true);
		setIgnoreRouteEvents(true);
		setIgnoreServiceEvents(true);
		setIgnoreStepEvents(true);
		setIgnoreExchangeCreatedEvent(true);
		setIgnoreExchangeCompletedEvent(true);
		setIgnoreExchangeAsyncProcessingStartedEvents(true);
	}

}
