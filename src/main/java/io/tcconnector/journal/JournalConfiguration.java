package io.tcconnector.journal;

import javax.sql.DataSource;

import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.tradecloud.WebhookParser;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event journal, the filter that journals webhook requests and the notifier that
 * journals delivery steps.
 */
@Configuration(proxyBeanMethods = false)
public class JournalConfiguration {

	@Bean
	EventJournal eventJournal(DataSource dataSource, WebhookParser parser, TradecloudProperties properties) {
		EventJournal journal = new EventJournal(dataSource, parser, properties.journal());
		journal.pendingQueues(properties.targets().erpPendingQueue(), properties.targets().eventsPendingQueue());
		return journal;
	}

	/**
	 * Journals the delivery steps; Camel picks up event notifier beans when it starts.
	 * @param journal the journal
	 * @param properties the settings
	 * @return the notifier
	 */
	@Bean
	DeliveryJournalNotifier deliveryJournalNotifier(EventJournal journal, TradecloudProperties properties) {
		return new DeliveryJournalNotifier(journal, properties.targets());
	}

	/**
	 * Journals webhook requests before every other check, so that refused ones are
	 * journaled too.
	 * @param journal the journal
	 * @return the filter registration
	 */
	@Bean
	FilterRegistrationBean<JournalRequestFilter> journalRequestFilter(EventJournal journal) {
		FilterRegistrationBean<JournalRequestFilter> registration = new FilterRegistrationBean<>(
				new JournalRequestFilter(journal));
		registration.addUrlPatterns("/webhooks/*");
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 2);
		return registration;
	}

}
