package io.tcconnector.broker;

import java.nio.file.Files;

import io.tcconnector.support.TestConnector;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The embedded broker starts beside the other beans (on Spring's bootstrap executor), and
 * still before the connector counts as started: active once the start returns, and a
 * broker that cannot start fails the connector's start instead of leaving it running
 * without one.
 */
class BrokerStartTest {

	final TestConnector connector = new TestConnector();

	@Test
	void theBrokerIsActiveOnceTheConnectorHasStarted() {
		try (ConfigurableApplicationContext context = this.connector.startOnDefaults()) {
			EmbeddedActiveMQ broker = context.getBean(EmbeddedActiveMQ.class);
			assertThat(broker.getActiveMQServer().isActive()).isTrue();
			AbstractBeanDefinition definition = (AbstractBeanDefinition) context.getBeanFactory()
				.getBeanDefinition(BrokerConfiguration.EMBEDDED_BROKER);
			assertThat(definition.isBackgroundInit()).as("started in the background").isTrue();
		}
	}

	@Test
	void aBrokerThatCannotOpenItsJournalFailsTheStart() throws Exception {
		// where the journal's folder should be, a file
		Files.createDirectories(this.connector.dataDir());
		Files.writeString(this.connector.dataDir().resolve("artemis"), "not a folder");
		assertThatException().isThrownBy(this.connector::startOnDefaults)
			.withStackTraceContaining(BrokerConfiguration.EMBEDDED_BROKER);
	}

}
