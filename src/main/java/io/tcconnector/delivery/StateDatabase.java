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
 * the code using it is the same. Each commit reaches the file at once (no write delay),
 * so that a connector killed a moment after taking an event still knows it took it.
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
			dataSource.setUrl("jdbc:h2:file:" + file.toAbsolutePath().normalize() + ";WRITE_DELAY=0");
			dataSource.setUsername("sa");
			dataSource.setPassword("");
		}
		return bean;
	}

}
