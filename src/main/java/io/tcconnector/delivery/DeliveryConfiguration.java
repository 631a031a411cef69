package io.tcconnector.delivery;

import javax.sql.DataSource;

import io.tcconnector.config.TradecloudProperties;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.spring.spi.SpringTransactionPolicy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * The connector's database, the de-duplication repositories on it, and the JMS
 * transaction a webhook answered in sync mode is delivered in.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

	/**
	 * The embedded H2 file under the data directory unless {@code spring.datasource.url}
	 * says otherwise.
	 * @param environment the settings
	 * @return the post-processor that sets the default
	 */
	@Bean
	static StateDatabase stateDatabase(Environment environment) {
		return new StateDatabase(environment);
	}

	/**
	 * Webhooks taken, by Tradecloud's message id (or body hash): a copy is answered as a
	 * duplicate and reaches no target.
	 * @param dataSource the connector's database
	 * @param properties the settings
	 * @param instance this instance, whose locks it releases when it starts
	 * @return the repository
	 */
	@Bean
	DeduplicationRepository webhookDeduplication(DataSource dataSource, TradecloudProperties properties,
			InstanceId instance) {
		return new DeduplicationRepository(dataSource, "webhook", properties.deduplication().lockTimeout(),
				properties.deduplication().retention(), instance.value());
	}

	/**
	 * Documents fetched (object id or URL, and revision), so that the same document
	 * arriving again is not downloaded twice.
	 * @param dataSource the connector's database
	 * @param properties the settings
	 * @param instance this instance, whose locks it releases when it starts
	 * @return the repository
	 */
	@Bean
	DeduplicationRepository downloadedDocuments(DataSource dataSource, TradecloudProperties properties,
			InstanceId instance) {
		return new DeduplicationRepository(dataSource, "document", properties.api().downloadTimeout(),
				properties.deduplication().retention(), instance.value());
	}

	/**
	 * What this connector instance is called: an id kept in its data directory.
	 * @param properties the settings
	 * @return the id
	 */
	@Bean
	InstanceId instanceId(TradecloudProperties properties) {
		return InstanceId.of(properties.dataDir());
	}

	/**
	 * The transaction a webhook in sync mode is delivered in ({@code transacted} in the
	 * routes): its queue messages are sent all together when every target has taken the
	 * event, or not at all.
	 * @param connectionFactory the broker's connection factory, the one the {@code jms}
	 * component sends with
	 * @return the policy
	 */
	@Bean
	SpringTransactionPolicy jmsTransaction(ConnectionFactory connectionFactory) {
		return new SpringTransactionPolicy(new JmsTransactionManager(connectionFactory));
	}

	/**
	 * A JMS transaction of its own ({@code transacted} in the routes), committed when its
	 * route ends, whatever transaction the caller is in: the lines of a large shipment go
	 * to their queue in several of them (routes/shipment-lines.camel.yaml).
	 * @param connectionFactory the broker's connection factory, the one the {@code jms}
	 * component sends with
	 * @return the policy
	 */
	@Bean
	SpringTransactionPolicy jmsTransactionOfItsOwn(ConnectionFactory connectionFactory) {
		SpringTransactionPolicy policy = new SpringTransactionPolicy(new JmsTransactionManager(connectionFactory));
		policy.setPropagationBehaviorName("PROPAGATION_REQUIRES_NEW");
		return policy;
	}

}
