package io.tcconnector.broker;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

import io.tcconnector.config.TradecloudProperties;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.JmsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The broker the routes deliver to. Spring Boot starts the embedded Artemis broker
 * ({@code spring.artemis.embedded.*}: persistent journal under the data directory); this
 * adds the TCP acceptor for outside consumers and the Camel {@code jms} component. Point
 * {@code spring.artemis.mode=native} and {@code spring.artemis.broker-url} at an external
 * broker to use that instead.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);

	/**
	 * Message ids the broker remembers (in its journal) to drop a second copy of an event
	 * sent to the events queue after a crash.
	 */
	private static final int DUPLICATE_IDS_REMEMBERED = 50_000;

	/**
	 * Size of a paging file (10 MB unless set). The broker keeps the messages of the file
	 * it is writing in memory too, for the consumers: a queue nobody takes held that much
	 * more heap (bench/README.md, "Shipment split").
	 */
	private static final int PAGE_FILE_SIZE = 1024 * 1024;

	/** Deliveries of one piece of work before the broker gives up on it. */
	private static final int MAX_DELIVERY_ATTEMPTS = 10;

	/**
	 * The embedded broker's bean, as Spring Boot's Artemis auto-configuration names it.
	 */
	static final String EMBEDDED_BROKER = "embeddedActiveMq";

	/**
	 * The embedded broker starts on Spring's bootstrap executor while the main thread
	 * goes on creating the other beans: it reads its journal and opens its files in the
	 * meantime (about 0.7 s less to ready on two cores in restarts interleaved with the
	 * jar before, within the spread of bench/footprint.sh's runs: bench/README.md). The
	 * context still waits for it before Tomcat and Camel's routes start, so nothing takes
	 * a webhook or a message before the broker is active, and a broker that fails to
	 * start fails the start as before. The two configuration beans it is made of are
	 * created first, on the main thread, as Spring requires.
	 */
	@Bean
	static BeanFactoryPostProcessor embeddedBrokerInBackground() {
		return (beanFactory) -> {
			if (beanFactory.containsBeanDefinition(EMBEDDED_BROKER)
					&& beanFactory.getBeanDefinition(EMBEDDED_BROKER) instanceof AbstractBeanDefinition broker) {
				Set<String> dependsOn = new LinkedHashSet<>();
				if (broker.getDependsOn() != null) {
					dependsOn.addAll(Arrays.asList(broker.getDependsOn()));
				}
				Stream.of("artemisConfiguration", "artemisJmsConfiguration")
					.filter(beanFactory::containsBeanDefinition)
					.forEach(dependsOn::add);
				broker.setDependsOn(dependsOn.toArray(String[]::new));
				broker.setBackgroundInit(true);
			}
		};
	}

	@Bean
	ArtemisConfigurationCustomizer tcpAcceptor(TradecloudProperties properties) {
		return (configuration) -> {
			configuration.setJournalType(JournalType.NIO);
			configuration.setIDCacheSize(DUPLICATE_IDS_REMEMBERED);
			configuration.setPersistIDCache(true);
			configuration.addAddressSetting("tradecloud.#", pagedBeyond(properties));
			configuration.addAddressSetting("tradecloud.pending.#", pendingWork(properties));
			String listenUrl = properties.broker().listenUrl();
			if (StringUtils.hasText(listenUrl)) {
				try {
					configuration.addAcceptorConfiguration("tcp", listenUrl);
				}
				catch (Exception ex) {
					throw new IllegalStateException(
							"tradecloud.broker.listen-url is not a valid acceptor: " + listenUrl, ex);
				}
				log.info("Embedded broker accepts outside consumers on {}", listenUrl);
			}
		};
	}

	/**
	 * A queue nobody consumes for a while keeps at most this much in memory; the rest
	 * waits in the paging files under the data directory, so that memory does not grow
	 * with the backlog. A queue (and its address) stays when it is empty and nobody
	 * consumes it: the broker removes such a queue on its next scan by default, also
	 * while a JMS transaction still holds a message for it, which the commit would then
	 * lose (an outside consumer that took everything and left is enough to get there).
	 */
	private static AddressSettings pagedBeyond(TradecloudProperties properties) {
		return new AddressSettings().setMaxSizeBytes(properties.broker().maxQueueMemory().toBytes())
			.setPageSizeBytes(PAGE_FILE_SIZE)
			.setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
			.setAutoDeleteQueues(false)
			.setAutoDeleteAddresses(false);
	}

	/**
	 * Work on a pending queue is retried by the routes themselves, in order, and moved to
	 * the dead-letter queue with the reason when it fails for good. The broker only sees
	 * work come back when the connector stopped while handling it; work that keeps coming
	 * back (a connector that dies on it every time) goes to the dead-letter queue after
	 * {@value #MAX_DELIVERY_ATTEMPTS} attempts instead of blocking its queue.
	 */
	private static AddressSettings pendingWork(TradecloudProperties properties) {
		return pagedBeyond(properties).setRedeliveryDelay(1_000)
			.setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
			.setDeadLetterAddress(SimpleString.of(properties.targets().deadLetterQueue()))
			.setAutoCreateDeadLetterResources(false);
	}

	/**
	 * The backlog of the pending queues and the dead letters as gauges; with an external
	 * broker (no embedded one) they stay 0: read them from that broker.
	 * @param broker the embedded broker, if there is one
	 * @param properties the settings
	 * @return the gauges
	 */
	@Bean
	QueueBacklogMetrics queueBacklogMetrics(ObjectProvider<EmbeddedActiveMQ> broker, TradecloudProperties properties) {
		return new QueueBacklogMetrics(() -> {
			EmbeddedActiveMQ embedded = broker.getIfAvailable();
			return (embedded != null) ? embedded.getActiveMQServer() : null;
		}, properties.targets());
	}

	/**
	 * The Camel {@code jms} component, on Spring Boot's (cached) connection factory, each
	 * queue name resolved once ({@link QueueDestinations}).
	 * @param connectionFactory the broker's connection factory
	 * @return the component
	 */
	@Bean("jms")
	JmsComponent jms(ConnectionFactory connectionFactory) {
		JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
		jms.setDestinationResolver(new QueueDestinations());
		return jms;
	}

}
