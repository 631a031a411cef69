package io.tcconnector.delivery;

import java.nio.file.Path;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The connector's database when none is configured: an embedded H2 file under the data
 * directory ({@code data/state/connector.mv.db}), so that the connector needs no other
 * service. Setting {@code spring.datasource.url} (PostgreSQL for a cluster) replaces it;
 * the code using it is the same. H2 writes its commits to the file in the background,
 * within half a second: a connector killed in that time forgets the last message ids it
 * took, and the broker's duplicate detection on the events queue (which is synced with
 * each event) still drops a copy of those events. The file is closed with the connector's
 * other resources, after the routes stopped, not by H2's own shutdown hook, which would
 * close it under the requests and consumers still finishing their work
 * ({@code DB_CLOSE_ON_EXIT=FALSE}).
 */
class StateDatabase implements BeanPostProcessor {

	private final Environment environment;

	StateDatabase(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof DataSourceProperties dataSource && !StringUtils.hasText(dataSource.getUrl())) {
			Path file = Path.of(this.environment.getProperty("tradecloud.data-dir", "data"), "state", "connector");
			dataSource.setUrl("jdbc:h2:file:" + file.toAbsolutePath().normalize() + ";DB_CLOSE_ON_EXIT=FALSE");
			dataSource.setUsername("sa");
			dataSource.setPassword("");
		}
		return bean;
	}

}
