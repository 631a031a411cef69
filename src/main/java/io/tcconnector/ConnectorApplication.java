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

	/**
	 * The size of the buffers the JDK's HTTP client reads a response into (16 KB unless
	 * set), which documents are downloaded with.
	 */
	static final String HTTP_CLIENT_BUFFER_SIZE = "jdk.httpclient.bufsize";

	public static void main(String[] args) {
		// 256 KB buffers copy a 300 MB document about a third faster than 16 KB ones
		// (bench/README.md, "Document download"); one given with -D wins. Set before
		// anything loads the HTTP client, which reads it once.
		if (System.getProperty(HTTP_CLIENT_BUFFER_SIZE) == null) {
			System.setProperty(HTTP_CLIENT_BUFFER_SIZE, String.valueOf(256 * 1024));
		}
		SpringApplication.run(ConnectorApplication.class, args);
	}

}
