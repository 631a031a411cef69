package io.tcconnector.broker;

import java.nio.file.Files;
import java.nio.file.Path;

import io.tcconnector.support.TestConnector;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded broker keeps its queues in a journal under the data folder: an event
 * queued before a restart is still there for the consumer after it.
 */
class BrokerJournalTest {

	final TestConnector connector = new TestConnector();

	static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@Test
	void anEventAcceptedBeforeARestartIsDeliveredAfterIt() throws Exception {
		byte[] order = TestConnector.read(Path.of("src/test/resources/samples/order-event.xml"));
		try (ConfigurableApplicationContext first = this.connector.startOnDefaults()) {
			// accepted and stored on the events queue, not yet delivered when the
			// connector
			// stops
			first.getBean(CamelContext.class).getRouteController().stopRoute("events-deliver");
			assertThat(this.connector.post(port(first), order, "application/xml").statusCode()).isEqualTo(202);
			assertThat(this.connector.orderFiles()).isEmpty();
		}
		assertThat(this.connector.dataDir().resolve("artemis/journal")).isNotEmptyDirectory();
		try (ConfigurableApplicationContext second = this.connector.startOnDefaults()) {
			assertThat(Files.readAllBytes(this.connector.awaitOrderFiles(1).get(0))).isEqualTo(order);
			TextMessage kept = (TextMessage) this.connector.receive("tradecloud.orders");
			assertThat(kept).isNotNull();
			assertThat(kept.getText()).isEqualTo(new String(order));
			assertThat(kept.getStringProperty("tradecloudMessageId")).isEqualTo("0b6f3a52-3f1e-4c8e-9a61-0c1d2e3f4a01");
		}
	}

}
