package io.tcconnector.ingress;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator on a port of its own ({@code management.server.port}), for example one only
 * the monitoring network reaches: health open, metrics behind the credentials, no webhook
 * there; and no Actuator on the webhook port.
 */
@ConnectorTest({ "management.server.port=0", "management.server.address=127.0.0.1",
		"management.server.ssl.enabled=false" })
@AutoConfigureObservability
class ManagementPortTest {

	@Autowired
	TestConnector connector;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	HttpResponse<String> management(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.timeout(Duration.ofSeconds(10));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void actuatorAnswersOnItsOwnPortOnly() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		HttpResponse<String> health = management("/actuator/health", null);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
		// the probes of a load balancer or Kubernetes, on the management port too
		assertThat(management("/actuator/health/liveness", null).body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(management("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(management("/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(management("/actuator/prometheus", TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))
			.statusCode()).isEqualTo(200);
		assertThat(management("/actuator/env", TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))
			.statusCode()).isEqualTo(404);
		assertThat(management("/webhooks/tradecloud", TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))
			.statusCode()).as("no webhook on the management port").isIn(401, 404);

		HttpResponse<String> onWebhookPort = connector.send(this.port, "GET", "/actuator/health", null, null, null);
		assertThat(onWebhookPort.statusCode()).as("no Actuator on the webhook port").isIn(401, 404);
	}

}
