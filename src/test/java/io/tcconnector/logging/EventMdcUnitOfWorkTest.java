package io.tcconnector.logging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event's ids in the MDC: on the thread a step continues on, also once the headers
 * they came from are gone, and not left behind on the thread that took the event (a
 * queue's consumer) once it is done.
 */
class EventMdcUnitOfWorkTest {

	record Seen(String step, String thread, Map<String, String> mdc) {
	}

	final List<Seen> seen = new CopyOnWriteArrayList<>();

	@Test
	void theIdsFollowTheEventToAnotherThreadAndLeaveWithIt() throws Exception {
		try (DefaultCamelContext camel = new DefaultCamelContext()) {
			camel.setUseMDCLogging(true);
			camel.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new EventMdcUnitOfWorkFactory());
			camel.addRoutes(new RouteBuilder() {
				@Override
				public void configure() {
					from("direct:event").routeId("event")
						.process((exchange) -> see("first", exchange))
						.removeHeaders("tradecloud*")
						.threads(1, 1)
						.process((exchange) -> see("after the thread switch", exchange));
					from("direct:consumer").routeId("consumer").process((exchange) -> see("consumer", exchange));
				}
			});
			camel.start();
			ProducerTemplate template = camel.createProducerTemplate();
			template.send("direct:consumer", (exchange) -> {
				exchange.getMessage().setHeader("tradecloudMessageId", "message-1");
				exchange.getMessage().setHeader("tradecloudOrderId", "order-1");
			});
			assertThat(MDC.get("tradecloudOrderId")).as("the consumer's thread, the event done").isNull();
			template.send("direct:consumer",
					(exchange) -> exchange.getMessage().setHeader("tradecloudMessageId", "message-2"));
			assertThat(MDC.get("tradecloudMessageId")).as("the consumer's thread, the event done").isNull();
			template.send("direct:event", (exchange) -> {
				exchange.getMessage().setHeader("tradecloudMessageId", "message-3");
				exchange.getMessage().setHeader("tradecloudOrderId", "order-3");
			});
		}
		assertThat(this.seen).extracting(Seen::step)
			.containsExactly("consumer", "consumer", "first", "after the thread switch");
		assertThat(this.seen.get(0).mdc()).containsEntry("tradecloudMessageId", "message-1")
			.containsEntry("tradecloudOrderId", "order-1")
			.containsEntry("camel.routeId", "consumer");
		assertThat(this.seen.get(1).mdc()).as("nothing of the event before")
			.containsEntry("tradecloudMessageId", "message-2")
			.doesNotContainKey("tradecloudOrderId");
		Seen first = this.seen.get(2);
		Seen switched = this.seen.get(3);
		assertThat(first.mdc()).containsEntry("tradecloudMessageId", "message-3")
			.containsEntry("tradecloudOrderId", "order-3");
		assertThat(switched.thread()).isNotEqualTo(first.thread());
		assertThat(switched.mdc()).as("carried, the headers gone")
			.containsEntry("tradecloudMessageId", "message-3")
			.containsEntry("tradecloudOrderId", "order-3");
	}

	private void see(String step, Exchange exchange) {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		this.seen.add(new Seen(step, Thread.currentThread().getName(), (mdc != null) ? mdc : Map.of()));
	}

}
