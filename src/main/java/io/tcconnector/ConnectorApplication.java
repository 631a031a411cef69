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

	/**
	 * How many pools of heap buffers Netty keeps (twice the cores unless set), which the
	 * embedded broker passes its messages in: each holds 4 MB chunks for good.
	 */
	static final String NETTY_HEAP_ARENAS = "io.netty.allocator.numHeapArenas";

	public static void main(String[] args) {
		// JVM settings read once, by the first class that needs them: set before anything
		// loads that class; one given with -D wins.
		// 256 KB buffers copy a 300 MB document about a third faster than 16 KB ones
		// (bench/README.md, "Document download").
		setDefault(HTTP_CLIENT_BUFFER_SIZE, String.valueOf(256 * 1024));
		// one pool: 12 MB less heap held on two cores, and three 10,000-line shipments in
		// a 128 MB heap instead of out of memory (bench/README.md, "Shipment split")
		setDefault(NETTY_HEAP_ARENAS, "1");
		SpringApplication.run(ConnectorApplication.class, args);
	}

	private static void setDefault(String property, String value) {
		if (System.getProperty(property) == null) {
			System.setProperty(property, value);
		}
	}

}
