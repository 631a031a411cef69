package io.tcconnector.ingress;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.tcconnector.config.BoundProperties;
import io.tcconnector.config.TradecloudProperties;
import io.tcconnector.ingress.JsonErrorWriter;
import io.tcconnector.ingress.SourceNetworkFilter;
import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source network allow-list: webhooks from outside {@code allowed-networks} are
 * refused with 403 before their credentials are looked at; behind a trusted proxy the
 * address it forwards counts, and a forwarded address from anyone else is not believed.
 */
@ConnectorTest({ "tradecloud.webhook.allowed-networks=10.20.0.0/16,2001:db8::/32",
		"tradecloud.webhook.trusted-proxies=127.0.0.1/32,192.168.7.0/24" })
class SourceNetworksTest {

	@Autowired
	TestConnector connector;

	@LocalServerPort
	int port;

	@BeforeEach
	void emptyOrdersFolder() {
		connector.reset();
	}

	HttpResponse<String> post(String forwardedFor) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("https://localhost:" + this.port + "/webhooks/tradecloud"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Authorization", TestConnector.basic(TestConnector.USER, TestConnector.PASSWORD))
			.POST(HttpRequest.BodyPublishers.ofByteArray(TestConnector
				.asNewEvent(TestConnector.read(Path.of("src/test/resources/samples/order-event.json")))));
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		return connector.https().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void webhooksFromOutsideTheAllowedNetworksAreRefusedBeforeAnythingElse() throws Exception {
		HttpResponse<String> direct = post(null);
		assertThat(direct.statusCode()).as("127.0.0.1 itself is not allowed").isEqualTo(403);
		assertThat(direct.body()).contains("\"error\":\"forbidden_network\"");
		HttpResponse<String> anonymous = connector.send(this.port, "POST", "/webhooks/tradecloud", "{}".getBytes(),
				"application/json", null);
		assertThat(anonymous.statusCode()).as("refused before its (missing) credentials").isEqualTo(403);
		assertThat(connector.orderFiles()).isEmpty();
	}

	@Test
	void behindATrustedProxyTheForwardedAddressCounts() throws Exception {
		assertThat(post("10.20.3.4").statusCode()).isEqualTo(202);
		assertThat(post("198.51.100.7, 10.20.3.4").statusCode()).as("the hop next to the proxy counts").isEqualTo(202);
		assertThat(post("10.20.3.4, 198.51.100.7").statusCode()).as("a client cannot prepend an allowed address")
			.isEqualTo(403);
		assertThat(post("10.20.3.4, 192.168.7.9").statusCode()).as("trusted proxies in the chain are skipped")
			.isEqualTo(202);
		assertThat(post("not-an-address").statusCode()).isEqualTo(403);
		assertThat(connector.awaitOrderFiles(3)).hasSize(3);
		assertThat(connector.orderFiles()).hasSize(3);
	}

	@Test
	void aForwardedAddressFromAPeerThatIsNoTrustedProxyIsNotBelieved() {
		TradecloudProperties.Webhook settings = BoundProperties.of(Map.of("tradecloud.webhook.allowed-networks",
				"10.20.0.0/16", "tradecloud.webhook.trusted-proxies", "192.168.7.0/24"))
			.webhook();
		SourceNetworkFilter filter = new SourceNetworkFilter(settings, new JsonErrorWriter());
		assertThat(filter.source("203.0.113.9", "10.20.3.4")).isEqualTo("203.0.113.9");
		assertThat(filter.source("192.168.7.1", "10.20.3.4")).isEqualTo("10.20.3.4");
		assertThat(filter.source("192.168.7.1", "2001:db8::1")).isEqualTo("2001:db8::1");
		assertThat(filter.source("192.168.7.1", "")).isEqualTo("192.168.7.1");
	}

}
