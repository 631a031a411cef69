package io.tcconnector;

import java.nio.file.Path;

import io.tcconnector.support.TestConnector;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded broker keeps its queues in a journal under the data folder: an event
 * queued before a restart is still there for the consumer after it.
 */
class BrokerJournalTest {

	final TestConnector connector = new TestConnector();

	ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(ConnectorApplication.class).run("--server.port=0",
				"--tradecloud.output-dir=" + this.connector.outputDir(),
				"--tradecloud.data-dir=" + this.connector.dataDir(),
				"--tradecloud.broker.listen-url=tcp://127.0.0.1:" + this.connector.brokerPort(),
				"--tradecloud.webhook.basic.username=" + TestConnector.USER,
				"--tradecloud.webhook.basic.password=" + TestConnector.PASSWORD);
	}

	static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@Test
	void anEventQueuedBeforeARestartIsConsumedAfterIt() throws Exception {
		byte[] order = TestConnector.read(Path.of("src/test/resources/samples/order-event.xml"));
		try (ConfigurableApplicationContext first = start()) {
			assertThat(this.connector.post(port(first), order, "application/xml").statusCode()).isEqualTo(200);
		}
		assertThat(this.connector.dataDir().resolve("artemis/journal")).isNotEmptyDirectory();
		try (ConfigurableApplicationContext second = start()) {
			TextMessage kept = (TextMessage) this.connector.receive("tradecloud.orders");
			assertThat(kept).isNotNull();
			assertThat(kept.getText()).isEqualTo(new String(order));
			assertThat(kept.getStringProperty("tradecloudMessageId")).isEqualTo("0b6f3a52-3f1e-4c8e-9a61-0c1d2e3f4a01");
		}
	}

}
