package io.tcconnector.broker;

import java.nio.file.Path;
import java.util.List;

import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector's queues stay when they are empty and nobody consumes them: the broker
 * would otherwise remove such a queue (auto-delete, the default for the queues a send
 * creates) on its next scan, also while a JMS transaction of the connector still holds a
 * message for it, and that message would be lost with the queue on commit. An outside
 * consumer that takes everything and leaves is the usual way a queue gets there.
 */
@ConnectorTest
class BrokerQueuesTest {

	@Autowired
	TestConnector connector;

	@Autowired
	EmbeddedActiveMQ broker;

	@LocalServerPort
	int port;

	@Test
	void aQueueEmptiedByAConsumerThatLeftIsKeptForTheNextMessage() throws Exception {
		byte[] order = TestConnector
			.asNewEvent(TestConnector.read(Path.of("src/test/resources/samples/order-event.json")));
		assertThat(this.connector.post(this.port, order, "application/json").statusCode()).isEqualTo(202);
		assertThat(this.connector.receive("tradecloud.orders", 1)).hasSize(1);
		this.connector.drain("tradecloud.orders");
		assertThat(this.broker.getActiveMQServer().locateQueue(SimpleString.of("tradecloud.orders")).getConsumerCount())
			.as("consumers of tradecloud.orders")
			.isZero();

		for (String name : List.of("tradecloud.orders", "tradecloud.pending.events")) {
			Queue queue = this.broker.getActiveMQServer().locateQueue(SimpleString.of(name));
			assertThat(queue).as(name).isNotNull();
			assertThat(queue.isAutoDelete()).as(name + " removed by the broker once empty").isFalse();
			assertThat(this.broker.getActiveMQServer()
				.getAddressSettingsRepository()
				.getMatch(name)
				.isAutoDeleteAddresses()).as(name + "'s address removed once it has no queue").isFalse();
		}
	}

}
