package io.tcconnector.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.tcconnector.support.ConnectorTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector with the Actuator settings the Kubernetes manifests pass
 * (deploy/kubernetes: a management port of its own, plain HTTP, the probe groups): the
 * paths their startup, liveness and readiness probes ask answer UP without credentials,
 * as a kubelet asks them.
 */
@ConnectorTest({ "management.server.port=0", "management.server.ssl.enabled=false",
		"management.endpoint.health.probes.enabled=true" })
class KubernetesProbesTest {

	@LocalManagementPort
	int managementPort;

	@Test
	void theProbesAnswerUpOnTheManagementPortWithoutCredentials() throws Exception {
		HttpClient kubelet = HttpClient.newHttpClient();
		for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
			HttpResponse<String> answer = kubelet
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + probe))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(probe).isEqualTo(200);
			assertThat(answer.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
		}
	}

}
