package io.tcconnector;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.tcconnector.support.TestConnector;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web server takes requests before the routes run and after they stop (the connector
 * starting, or stopping for a restart): such a webhook is answered 503, which Tradecloud
 * retries, never 404, which it would not, and nothing is taken.
 */
class StartingAndStoppingTest {

	final TestConnector connector = new TestConnector();

	@Test
	void aWebhookArrivingWhileTheRoutesDoNotRunIsAnswered503() throws Exception {
		byte[] order = TestConnector
			.asNewEvent(TestConnector.read(Path.of("src/test/resources/samples/order-event.json")));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ConnectorApplication.class).run(
				"--server.port=0", "--tradecloud.output-dir=" + this.connector.outputDir(),
				"--tradecloud.data-dir=" + this.connector.dataDir(),
				"--tradecloud.broker.listen-url=tcp://127.0.0.1:" + this.connector.brokerPort(),
				"--tradecloud.webhook.basic.username=" + TestConnector.USER,
				"--tradecloud.webhook.basic.password=" + TestConnector.PASSWORD)) {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			context.getBean(CamelContext.class).stop();

			HttpResponse<String> answer = this.connector.post(port, order, "application/json");

			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.body()).contains("\"error\":\"not_ready\"");
			assertThat(answer.headers().firstValue("Retry-After")).isPresent();
			assertThat(this.connector.orderFiles()).isEmpty();
		}
	}

}
