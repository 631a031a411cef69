package io.tcconnector.monitoring;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probes of a load balancer or Kubernetes, without credentials: liveness says the
 * process works, readiness that it can take events. With the broker down the connector is
 * not ready (503) but alive; once the broker is back it is ready again. While it refuses
 * traffic (starting, stopping) it is not ready either. The settings of
 * {@link io.tcconnector.delivery.TargetOutageTest}, whose connector this shares.
 */
@ConnectorTest("tradecloud.webhook.acknowledge=sync")
class HealthProbesTest {

	@Autowired
	TestConnector connector;

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedActiveMQ broker;

	@Autowired
	ApplicationContext context;

	@Test
	void readinessFollowsTheBrokerWhileLivenessStaysUp() throws Exception {
		assertThat(probe("liveness").statusCode()).isEqualTo(200);
		assertThat(probe("readiness").statusCode()).isEqualTo(200);
		assertThat(probe("readiness").body()).isEqualTo("{\"status\":\"UP\"}");

		this.broker.stop();
		try {
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> probe("readiness").statusCode() == 503);
			assertThat(probe("readiness").body()).isEqualTo("{\"status\":\"DOWN\"}");
			assertThat(probe("liveness").statusCode()).isEqualTo(200);
		}
		finally {
			this.broker.start();
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> probe("readiness").statusCode() == 200);
	}

	@Test
	void aConnectorThatRefusesTrafficIsNotReady() {
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		try {
			HttpResponse<String> readiness = probe("readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(readiness.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
			assertThat(probe("liveness").statusCode()).isEqualTo(200);
		}
		finally {
			AvailabilityChangeEvent.publish(this.context, ReadinessState.ACCEPTING_TRAFFIC);
		}
		assertThat(probe("readiness").statusCode()).isEqualTo(200);
	}

	HttpResponse<String> probe(String group) {
		return connector.send(this.port, "GET", "/actuator/health/" + group, null, null, null);
	}

}
