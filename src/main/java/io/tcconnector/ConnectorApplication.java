package io.tcconnector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Tradecloud webhook connector: receives Tradecloud webhooks over HTTPS and delivers
 * them to the targets named in {@code routes/*.camel.yaml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConnectorApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConnectorApplication.class, args);
	}

}
