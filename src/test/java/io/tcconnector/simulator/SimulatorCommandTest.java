package io.tcconnector.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests the command line's argument handling and its {@code send} command against a
 * scripted receiver.
 */
class SimulatorCommandTest {

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	private final PrintStream out = new PrintStream(this.output, true, StandardCharsets.UTF_8);

	@Test
	void sendPostsEachFileWithItsContentTypeAndExitsZeroWhenAllAreDelivered(@TempDir Path folder) throws Exception {
		Path json = Files.writeString(folder.resolve("order-event.json"), "{\"eventName\":\"OrderIssuedByBuyer\"}");
		Path xml = Files.writeString(folder.resolve("order-event.xml"), "<orderEvent/>");
		try (ScriptedReceiver receiver = ScriptedReceiver.http(503, 200)) {
			int exitCode = SimulatorCommand.runSend(List.of("--url", receiver.uri("/webhook").toString(), "--basic",
					"tradecloud:change-me", "--initial-delay", "5ms", json.toString(), xml.toString()), this.out);

			assertThat(exitCode).isZero();
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains(json + " status 200 attempts 2")
				.contains(xml + " status 200 attempts 1");
			assertThat(receiver.received()).extracting(ScriptedReceiver.Received::contentType)
				.containsExactly("application/json", "application/json", "application/xml");
			assertThat(receiver.received().get(0).authorization()).isEqualTo("Basic dHJhZGVjbG91ZDpjaGFuZ2UtbWU=");
		}
	}

	@Test
	void sendExitsOneWhenAFileIsNotDelivered(@TempDir Path folder) throws Exception {
		Path json = Files.writeString(folder.resolve("event.json"), "{}");
		try (ScriptedReceiver receiver = ScriptedReceiver.http(500)) {
			int exitCode = SimulatorCommand.runSend(
					List.of("--url", receiver.uri("/webhook").toString(), "--method", "PUT", json.toString()),
					this.out);

			assertThat(exitCode).isEqualTo(1);
			assertThat(this.output.toString(StandardCharsets.UTF_8)).contains(json + " status 500 attempts 1");
			assertThat(receiver.received().get(0).method()).isEqualTo("PUT");
		}
	}

	@Test
	void sendWithBadArgumentsPrintsUsageAndExitsTwo() {
		assertThat(SimulatorCommand.runSend(List.of("file.json"), this.out)).isEqualTo(2);
		assertThat(SimulatorCommand.runSend(List.of("--url", "http://localhost/", "--bogus", "x.json"), this.out))
			.isEqualTo(2);
		assertThat(SimulatorCommand
			.runSend(List.of("--url", "http://localhost/", "--basic", "a:b", "--bearer", "t", "x.json"), this.out))
			.isEqualTo(2);
		assertThat(this.output.toString(StandardCharsets.UTF_8)).contains("usage:").contains("--url is required");
	}

	@Test
	void serveOptionsBecomeSettings() {
		SimulatorSettings settings = SimulatorCommand.serveSettings(List.of("--port", "19090", "--user",
				"erp@example.com", "--password", "secret", "--access-token-lifetime", "5s"));

		assertThat(settings.port()).isEqualTo(19090);
		assertThat(settings.userEmail()).isEqualTo("erp@example.com");
		assertThat(settings.userPassword()).isEqualTo("secret");
		assertThat(settings.accessTokenLifetime()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.refreshTokenLifetime()).isEqualTo(Duration.ofMinutes(10));
		assertThat(settings.toString()).doesNotContain("secret");
		assertThat(SimulatorCommand.serveSettings(List.of()).port()).isEqualTo(18080);
		assertThatExceptionOfType(SimulatorCommand.UsageException.class)
			.isThrownBy(() -> SimulatorCommand.serveSettings(List.of("--port")));
	}

	@Test
	void serveOutputListsTheLegacyApiV1() {
		try (TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests())) {
			SimulatorCommand.printAddresses(simulator, simulator.settings(), this.out);

			String printed = this.output.toString(StandardCharsets.UTF_8);
			assertThat(printed).contains("  API:              " + simulator.apiUrl() + System.lineSeparator())
				.contains("  legacy API v1:    " + simulator.baseUrl() + "/api/v1" + System.lineSeparator());
		}
	}

	@Test
	void serveOutputListsTheErpStandInAndItsSetting() {
		try (TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests())) {
			SimulatorCommand.printAddresses(simulator, simulator.settings(), this.out);

			String printed = this.output.toString(StandardCharsets.UTF_8);
			assertThat(printed)
				.contains("  ERP stand-in:     " + simulator.baseUrl() + "/erp/order-events" + System.lineSeparator())
				.contains("  ERP token URL:    " + simulator.baseUrl() + "/erp/oauth2/token" + System.lineSeparator())
				.contains("  TRADECLOUD_ERP_URL=" + simulator.erpUrl() + System.lineSeparator());
			assertThat(SimulatorCommand.USAGE).contains("/erp/order-events");
		}
	}

	@Test
	void serveOutputListsTheEntraLookAlikeAndItsDemoClient() {
		try (TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests())) {
			SimulatorCommand.printAddresses(simulator, simulator.settings(), this.out);

			String printed = this.output.toString(StandardCharsets.UTF_8);
			String tenantUrl = simulator.baseUrl() + "/entra/" + TradecloudSimulator.ENTRA_TENANT;
			assertThat(printed).contains("(tenant " + TradecloudSimulator.ENTRA_TENANT + ")")
				.contains("  issuer v2:        " + tenantUrl + "/v2.0" + System.lineSeparator())
				.contains("  issuer v1:        " + tenantUrl + "/" + System.lineSeparator())
				.contains("  JWKS:             " + tenantUrl + "/discovery/v2.0/keys" + System.lineSeparator())
				.contains("  token URL:        " + tenantUrl + "/oauth2/v2.0/token" + System.lineSeparator())
				.contains("  demo client:      tradecloud-webhooks / simulator-client-secret, scope "
						+ "api://connector/.default");
			assertThat(SimulatorCommand.USAGE).contains("--oauth2 TOKEN_URL --client-id ID --client-secret SECRET")
				.contains("tradecloud-webhooks")
				.contains("simulator-client-secret");
		}
	}

	@Test
	void sendWithOAuth2FetchesOneTokenForAllFilesAndSendsItAsBearer(@TempDir Path folder) throws Exception {
		Path first = Files.writeString(folder.resolve("first.json"), "{\"eventName\":\"OrderIssuedByBuyer\"}");
		Path second = Files.writeString(folder.resolve("second.json"), "{\"eventName\":\"OrderIssuedByBuyer\"}");
		try (TradecloudSimulator simulator = TradecloudSimulator.start(SimulatorSettings.forTests());
				ScriptedReceiver receiver = ScriptedReceiver.http(200)) {
			simulator.registerEntraClient(SimulatorCommand.DEMO_CLIENT_ID, SimulatorCommand.DEMO_CLIENT_SECRET);

			int exitCode = SimulatorCommand
				.runSend(List.of("--url", receiver.uri("/webhook").toString(), "--oauth2", simulator.entraTokenUrl(),
						"--client-id", "tradecloud-webhooks", "--client-secret", "simulator-client-secret", "--scope",
						"api://connector/.default", first.toString(), second.toString()), this.out);

			assertThat(exitCode).isZero();
			assertThat(simulator.entraTokensIssued()).isEqualTo(1);
			assertThat(receiver.received()).hasSize(2);
			String authorization = receiver.received().get(0).authorization();
			assertThat(authorization).startsWith("Bearer ey");
			assertThat(receiver.received().get(1).authorization()).isEqualTo(authorization);
		}
	}

	@Test
	void sendWithIncompleteOrMixedOAuth2OptionsExitsTwo() {
		String url = "http://localhost/";
		String tokenUrl = "http://127.0.0.1:1/token";

		assertThat(SimulatorCommand.runSend(
				List.of("--url", url, "--oauth2", tokenUrl, "--client-id", "a", "--client-secret", "b", "x.json"),
				this.out))
			.isEqualTo(2);
		assertThat(SimulatorCommand.runSend(List.of("--url", url, "--oauth2", tokenUrl, "--client-id", "a",
				"--client-secret", "b", "--scope", "s/.default", "--basic", "u:p", "x.json"), this.out))
			.isEqualTo(2);
		assertThat(SimulatorCommand.runSend(List.of("--url", url, "--client-id", "a", "x.json"), this.out))
			.isEqualTo(2);
		assertThat(SimulatorCommand.runSend(List.of("--url", url, "--oauth2", "ftp://x/token", "--client-id", "a",
				"--client-secret", "b", "--scope", "s/.default", "x.json"), this.out))
			.isEqualTo(2);
		assertThat(this.output.toString(StandardCharsets.UTF_8))
			.contains("--oauth2 needs --client-id, --client-secret, --scope")
			.contains("use --oauth2, --basic or --bearer, only one")
			.contains("--client-id goes with --oauth2")
			.contains("not an http(s) URL: ftp://x/token");
	}

	@Test
	void durationsAcceptShortAndIsoForms() {
		assertThat(SimulatorCommand.duration("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(SimulatorCommand.duration("60s")).isEqualTo(Duration.ofSeconds(60));
		assertThat(SimulatorCommand.duration("10m")).isEqualTo(Duration.ofMinutes(10));
		assertThat(SimulatorCommand.duration("PT2H")).isEqualTo(Duration.ofHours(2));
		assertThatExceptionOfType(SimulatorCommand.UsageException.class)
			.isThrownBy(() -> SimulatorCommand.duration("soon"));
	}

}
