package io.tcconnector.ingress;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.tcconnector.support.TestConnector.basic;
import static io.tcconnector.support.TestConnector.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connector without webhook credentials never runs open: it says so at start-up and
 * refuses every webhook with 401, whatever is presented, while health stays reachable.
 */
@ConnectorTest({ "tradecloud.webhook.basic.username=tradecloud", "tradecloud.webhook.basic.password=",
		"tradecloud.webhook.bearer-token=" })
@ExtendWith(OutputCaptureExtension.class)
class NoCredentialsTest {

	@Autowired
	TestConnector connector;

	@LocalServerPort
	int port;

	@Test
	void everyWebhookIsRefusedAndStartUpSaysWhy(CapturedOutput output) {
		byte[] body = TestConnector.read(Path.of("src/test/resources/samples/order-event.json"));
		for (String authorization : new String[] { null, basic("tradecloud", ""), basic("tradecloud", "anything"),
				bearer(""), bearer("anything") }) {
			HttpResponse<String> answer = connector.send(this.port, "POST", "/webhooks/tradecloud", body,
					"application/json", authorization);
			assertThat(answer.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
			assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
			assertThat(answer.body()).contains("no webhook credentials configured");
		}
		assertThat(connector.orderFiles()).isEmpty();
		assertThat(output).contains("No webhook credentials are configured: every webhook will be refused with 401");

		HttpResponse<String> health = connector.send(this.port, "GET", "/actuator/health", null, null, null);
		assertThat(health.statusCode()).isEqualTo(200);
	}

}
